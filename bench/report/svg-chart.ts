/**
 * Hand-drawn SVG charts: a line chart (numeric x, linear or log axes) and a
 * grouped bar chart (categories on x). Static markup only: no script, no
 * external font or stylesheet, so a chart shows wherever the file is opened.
 *
 * Every data mark has class "mark" (and "line", "point" or "bar") and a
 * <title> with its values, which browsers show on hover; axis tick labels
 * have class "tick-label", axis titles "axis-label", legend entries
 * "legend-item".
 */
import { tickFormatter } from './format.ts';
import { type HtmlValue, html, type SafeHtml } from './html.ts';
import { type Axis, buildAxis } from './scale.ts';

/**
 * Okabe-Ito's colour-blind-safe palette (yellow left out: unreadable on
 * white). Series pick a colour by index, so the same series keeps its
 * colour when two runs are overlaid.
 */
export const PALETTE = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
] as const;

/** How one axis reads its values. */
export interface AxisSpec {
  readonly label: string;
  readonly kind: 'linear' | 'log';
  /** Linear: start at zero. */
  readonly zero?: boolean;
  /** Linear: whole-number ticks. */
  readonly integer?: boolean;
}

/** One data point of a line series. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** How a series is drawn when two runs share a chart: the earlier run dashed or faded. */
export interface SeriesStyle {
  /** Index into PALETTE (wraps). */
  readonly color: number;
  /** Lines: dashed with hollow points; bars: faded with an outline. */
  readonly secondary?: boolean;
}

/** A named line of points. */
export interface LineSeries extends SeriesStyle {
  readonly label: string;
  readonly points: readonly Point[];
}

/** A horizontal line at a fixed value (a tick period, a target), drawn when inside the y axis. */
export interface Reference {
  readonly y: number;
  readonly label: string;
}

/** Everything a line chart shows. */
export interface LineChartSpec {
  /** Stable name, written to the svg's data-chart attribute. */
  readonly id: string;
  readonly title: string;
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  readonly series: readonly LineSeries[];
  readonly references?: readonly Reference[];
}

/** A named set of bars, one per category. */
export interface BarSeries extends SeriesStyle {
  readonly label: string;
  /** One value per category; undefined: no bar. */
  readonly values: readonly (number | undefined)[];
}

/** Everything a grouped bar chart shows. */
export interface BarChartSpec {
  readonly id: string;
  readonly title: string;
  readonly categories: readonly string[];
  /** What the categories are (the x axis title). */
  readonly categoryLabel: string;
  readonly y: AxisSpec;
  readonly series: readonly BarSeries[];
}

// The canvas, in SVG user units (the svg scales to its container's width).
const WIDTH = 760;
const HEIGHT = 380;
/** Room for the title above the plot. */
const TOP = 46;
/** Room for y tick labels ("1000k") and the rotated y axis title. */
const LEFT = 76;
/** Room for the legend: a swatch and about 24 characters of label. */
const RIGHT = 200;
/** Room for x tick labels and the x axis title. */
const BOTTOM = 58;
const PLOT = { x0: LEFT, x1: WIDTH - RIGHT, y0: TOP, y1: HEIGHT - BOTTOM } as const;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
/** Legend rows, in user units. */
const LEGEND_ROW = 20;

const colorOf = (s: SeriesStyle) => PALETTE[s.color % PALETTE.length]!;
/** Two decimals are plenty for pixel coordinates and keep the markup short. */
const px = (n: number) => Number(n.toFixed(2));

function frame(id: string, title: string, body: readonly HtmlValue[]): SafeHtml {
  const titleId = `chart-${id}-title`;
  return html`<svg class="chart" data-chart="${id}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${titleId}" font-family="${FONT}" font-size="12">
<title id="${titleId}">${title}</title>
<rect class="background" x="0" y="0" width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>
<text class="chart-title" x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="16" font-weight="600" fill="#111">${title}</text>
${body}
</svg>`;
}

/** Horizontal grid, y ticks and labels, the y axis line and its title. */
function yAxis(axis: Axis, label: string): SafeHtml {
  const format = tickFormatter(axis.ticks, axis.kind === 'linear' ? axisStep(axis) : 0);
  const ticks = axis.ticks.map((t) => {
    const y = px(axis.at(t));
    return html`<line class="grid" x1="${PLOT.x0}" x2="${PLOT.x1}" y1="${y}" y2="${y}" stroke="#e3e3e3"/>
<line x1="${PLOT.x0 - 5}" x2="${PLOT.x0}" y1="${y}" y2="${y}" stroke="#444"/>
<text class="tick-label" x="${PLOT.x0 - 8}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#333">${format(t)}</text>`;
  });
  const mid = (PLOT.y0 + PLOT.y1) / 2;
  return html`<g class="axis y-axis">${ticks}
<line x1="${PLOT.x0}" x2="${PLOT.x0}" y1="${PLOT.y0}" y2="${PLOT.y1}" stroke="#444"/>
<text class="axis-label" x="18" y="${mid}" transform="rotate(-90 18 ${mid})" text-anchor="middle" fill="#111">${label}${axis.kind === 'log' ? ' (log scale)' : ''}</text></g>`;
}

/** The x axis title, centred under the plot. */
function xTitle(label: string, log: boolean): SafeHtml {
  return html`<text class="axis-label" x="${(PLOT.x0 + PLOT.x1) / 2}" y="${HEIGHT - 14}" text-anchor="middle" fill="#111">${label}${log ? ' (log scale)' : ''}</text>`;
}

function axisStep(axis: Axis): number {
  return axis.ticks.length > 1 ? axis.ticks[1]! - axis.ticks[0]! : 0;
}

/** The legend, in a column right of the plot. */
function legend(items: readonly { label: string; swatch: SafeHtml }[]): SafeHtml {
  const x = PLOT.x1 + 16;
  return html`<g class="legend">${items.map(
    (item, i) =>
      html`<g class="legend-item" transform="translate(${x} ${PLOT.y0 + 8 + i * LEGEND_ROW})">${item.swatch}<text x="30" y="0" dominant-baseline="middle" fill="#222">${item.label}</text></g>`,
  )}</g>`;
}

function noData(): SafeHtml {
  return html`<text class="no-data" x="${(PLOT.x0 + PLOT.x1) / 2}" y="${(PLOT.y0 + PLOT.y1) / 2}" text-anchor="middle" fill="#888">no data</text>`;
}

function pointMarker(cx: number, cy: number, s: SeriesStyle, tip: string): SafeHtml {
  const color = colorOf(s);
  const fill = s.secondary ? '#ffffff' : color;
  return html`<circle class="mark point" cx="${px(cx)}" cy="${px(cy)}" r="4" fill="${fill}" stroke="${color}" stroke-width="2"><title>${tip}</title></circle>`;
}

/**
 * A line chart: one line with point markers per series, sorted by x. The
 * axes cover every series' points (and start at zero where the spec asks).
 */
export function lineChart(spec: LineChartSpec): SafeHtml {
  const points = spec.series.flatMap((s) => s.points);
  if (points.length === 0) return frame(spec.id, spec.title, [noData()]);
  const x = buildAxis(
    points.map((p) => p.x),
    [PLOT.x0, PLOT.x1],
    spec.x,
  );
  const y = buildAxis(
    points.map((p) => p.y),
    [PLOT.y1, PLOT.y0],
    spec.y,
  );
  const formatX = tickFormatter(x.ticks, x.kind === 'linear' ? axisStep(x) : 0);
  const formatY = tickFormatter(y.ticks, 0);
  const xTicks = x.ticks.map((t) => {
    const at = px(x.at(t));
    return html`<line class="grid" x1="${at}" x2="${at}" y1="${PLOT.y0}" y2="${PLOT.y1}" stroke="#f0f0f0"/>
<line x1="${at}" x2="${at}" y1="${PLOT.y1}" y2="${PLOT.y1 + 5}" stroke="#444"/>
<text class="tick-label" x="${at}" y="${PLOT.y1 + 18}" text-anchor="middle" fill="#333">${formatX(t)}</text>`;
  });
  const usable = (p: Point) =>
    Number.isFinite(p.x) &&
    Number.isFinite(p.y) &&
    (x.kind === 'linear' || p.x > 0) &&
    (y.kind === 'linear' || p.y > 0);
  const series = spec.series.map((s) => {
    const sorted = s.points.filter(usable).toSorted((a, b) => a.x - b.x);
    const color = colorOf(s);
    const d = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(x.at(p.x))} ${px(y.at(p.y))}`);
    return html`<g class="series">${
      sorted.length > 1 &&
      html`<path class="mark line" d="${d.join(' ')}" fill="none" stroke="${color}" stroke-width="2.5"${s.secondary ? html` stroke-dasharray="7 5"` : ''}/>`
    }${sorted.map((p) =>
      pointMarker(x.at(p.x), y.at(p.y), s, `${s.label}: ${formatX(p.x)} → ${formatY(p.y)}`),
    )}</g>`;
  });
  const references = (spec.references ?? [])
    .filter((r) => r.y >= y.domain[0] && r.y <= y.domain[1])
    .map((r) => {
      const at = px(y.at(r.y));
      return html`<g class="reference"><line x1="${PLOT.x0}" x2="${PLOT.x1}" y1="${at}" y2="${at}" stroke="#b00020" stroke-dasharray="3 3"/><text x="${PLOT.x1 - 4}" y="${at - 5}" text-anchor="end" fill="#b00020">${r.label}</text></g>`;
    });
  const swatches = spec.series.map((s) => {
    const color = colorOf(s);
    return {
      label: s.label,
      swatch: html`<line x1="0" x2="22" y1="0" y2="0" stroke="${color}" stroke-width="2.5"${s.secondary ? html` stroke-dasharray="5 3"` : ''}/><circle cx="11" cy="0" r="3.5" fill="${s.secondary ? '#ffffff' : color}" stroke="${color}" stroke-width="2"/>`,
    };
  });
  return frame(spec.id, spec.title, [
    html`<rect class="plot-area" x="${PLOT.x0}" y="${PLOT.y0}" width="${PLOT.x1 - PLOT.x0}" height="${PLOT.y1 - PLOT.y0}" fill="#fcfcfc"/>`,
    html`<g class="axis x-axis">${xTicks}<line x1="${PLOT.x0}" x2="${PLOT.x1}" y1="${PLOT.y1}" y2="${PLOT.y1}" stroke="#444"/></g>`,
    yAxis(y, spec.y.label),
    xTitle(spec.x.label, x.kind === 'log'),
    references,
    series,
    legend(swatches),
  ]);
}

/** Share of a category's width its bars take; the rest separates the groups. */
const GROUP_FILL = 0.8;

/**
 * A grouped bar chart: one group per category, one bar per series in each.
 * Bars rise from zero (linear) or from the axis minimum (log).
 */
export function barChart(spec: BarChartSpec): SafeHtml {
  const values = spec.series.flatMap((s) =>
    s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)),
  );
  if (values.length === 0 || spec.categories.length === 0)
    return frame(spec.id, spec.title, [noData()]);
  const y = buildAxis(values, [PLOT.y1, PLOT.y0], spec.y);
  const formatY = tickFormatter(y.ticks, 0);
  const band = (PLOT.x1 - PLOT.x0) / spec.categories.length;
  const barWidth = (band * GROUP_FILL) / Math.max(1, spec.series.length);
  const base = y.kind === 'log' ? y.domain[0] : Math.max(y.domain[0], 0);
  const categories = spec.categories.map((c, i) => {
    const cx = px(PLOT.x0 + band * (i + 0.5));
    return html`<line x1="${cx}" x2="${cx}" y1="${PLOT.y1}" y2="${PLOT.y1 + 5}" stroke="#444"/><text class="tick-label" x="${cx}" y="${PLOT.y1 + 18}" text-anchor="middle" fill="#333">${c}</text>`;
  });
  const bars = spec.series.map((s, k) => {
    const color = colorOf(s);
    return html`<g class="series">${s.values.map((v, i) => {
      if (v === undefined || !Number.isFinite(v) || (y.kind === 'log' && v <= 0)) return '';
      const left = PLOT.x0 + band * i + (band * (1 - GROUP_FILL)) / 2 + k * barWidth;
      const top = y.at(Math.max(v, base));
      const bottom = y.at(base);
      return html`<rect class="mark bar" x="${px(left + 1)}" y="${px(top)}" width="${px(Math.max(1, barWidth - 2))}" height="${px(Math.max(0, bottom - top))}" fill="${color}"${s.secondary ? html` fill-opacity="0.35" stroke="${color}" stroke-width="1.5"` : ''}><title>${s.label} · ${spec.categories[i]}: ${formatY(v)}</title></rect>`;
    })}</g>`;
  });
  const swatches = spec.series.map((s) => {
    const color = colorOf(s);
    return {
      label: s.label,
      swatch: html`<rect x="2" y="-7" width="18" height="14" fill="${color}"${s.secondary ? html` fill-opacity="0.35" stroke="${color}" stroke-width="1.5"` : ''}/>`,
    };
  });
  return frame(spec.id, spec.title, [
    html`<rect class="plot-area" x="${PLOT.x0}" y="${PLOT.y0}" width="${PLOT.x1 - PLOT.x0}" height="${PLOT.y1 - PLOT.y0}" fill="#fcfcfc"/>`,
    yAxis(y, spec.y.label),
    html`<g class="axis x-axis">${categories}<line x1="${PLOT.x0}" x2="${PLOT.x1}" y1="${PLOT.y1}" y2="${PLOT.y1}" stroke="#444"/></g>`,
    xTitle(spec.categoryLabel, false),
    bars,
    legend(swatches),
  ]);
}
