import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../../../bench/report/svg-chart.ts';

describe('SVG charts', () => {
  it('draws a line per series, a marker per point, ticks, axis titles and a legend', () => {
    const svg = lineChart({
      id: 'demo',
      title: 'Demo <chart>',
      x: { label: 'workers', kind: 'linear', zero: true, integer: true },
      y: { label: 'rate', kind: 'linear', zero: true },
      series: [
        {
          label: 'a',
          color: 0,
          points: [
            { x: 1, y: 10 },
            { x: 2, y: 18 },
          ],
        },
        { label: 'b', color: 1, points: [{ x: 1, y: 4 }] },
      ],
      references: [{ y: 15, label: 'target' }],
    }).value;
    expect(svg.match(/class="mark point"/g)).toHaveLength(3);
    // One point makes no line.
    expect(svg.match(/class="mark line"/g)).toHaveLength(1);
    expect(svg.match(/class="legend-item"/g)).toHaveLength(2);
    expect(svg.match(/class="axis-label"/g)).toHaveLength(2);
    expect(svg.match(/class="tick-label"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(svg).toContain('Demo &lt;chart&gt;');
    expect(svg).toContain('class="reference"');
    expect(svg).not.toContain('NaN');
  });

  it('draws a bar per value, skipping missing ones', () => {
    const svg = barChart({
      id: 'bars',
      title: 'Bars',
      categories: ['100', '500'],
      categoryLabel: 'batch',
      y: { label: 'rows/s', kind: 'linear', zero: true },
      series: [
        { label: 'sqlite', color: 0, values: [100_000, 120_000] },
        { label: 'mysql', color: 1, values: [20_000, undefined] },
      ],
    }).value;
    expect(svg.match(/class="mark bar"/g)).toHaveLength(3);
    expect(svg).not.toContain('NaN');
  });

  it('says "no data" rather than drawing an empty axis', () => {
    const svg = lineChart({
      id: 'empty',
      title: 'Empty',
      x: { label: 'x', kind: 'log' },
      y: { label: 'y', kind: 'linear' },
      series: [],
    }).value;
    expect(svg).toContain('no data');
    expect(svg).not.toContain('class="mark');
  });
});
