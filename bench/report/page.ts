/**
 * The parts both pages share: the document shell with its inline CSS, data
 * tables, a chart with its data table, the machine a run was on, a
 * suite's status. Everything is inline: the file opens offline, and its
 * Content-Security-Policy forbids fetching anything at all.
 */
import type { MachineInfo } from '../machine.ts';
import type { ChartSpec } from './charts.ts';
import type { SuiteReport } from './doc.ts';
import { formatNumber } from './format.ts';
import { type HtmlValue, html, raw, type SafeHtml } from './html.ts';
import { barChart, lineChart } from './svg-chart.ts';

const CSS = raw(`
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1b1b1b;
  background: #f6f6f4; margin: 0; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 64px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 0 0 6px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
section.suite { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 16px 20px;
  margin: 18px 0; }
.muted { color: #666; }
.note { background: #fff8e1; border-left: 4px solid #e6a700; padding: 6px 10px; margin: 8px 0; }
.skipped { background: #fdecea; border-left: 4px solid #b00020; padding: 6px 10px; margin: 8px 0; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 13.5px; }
th, td { border: 1px solid #d8d8d8; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0ee; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.table-scroll { overflow-x: auto; max-width: 100%; }
figure { margin: 12px 0; }
figure svg.chart { width: 100%; max-width: 760px; height: auto; display: block; background: #fff;
  border: 1px solid #e4e4e4; border-radius: 6px; }
figcaption { font-size: 13px; color: #555; margin: 4px 0; }
details { margin: 8px 0; }
details pre { background: #1e1e1e; color: #ddd; padding: 8px; overflow-x: auto; font-size: 12px;
  max-height: 320px; }
.status-ran { color: #0a6b2f; font-weight: 600; }
.status-skipped { color: #b00020; font-weight: 600; }
.verdict-better { color: #0a6b2f; font-weight: 600; }
.verdict-worse { color: #b00020; font-weight: 600; }
.verdict-same, .verdict-na { color: #666; }
.legend-note { font-size: 13.5px; background: #eef4fb; border-left: 4px solid #0072b2;
  padding: 6px 10px; }
nav a { margin-right: 12px; }
`);

/**
 * A complete HTML document. The CSP allows inline styles and nothing else:
 * no script, no image, font or stylesheet from anywhere, so opening the file
 * makes no request of any kind.
 */
export function page(title: string, body: HtmlValue): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${CSS}</style>
</head>
<body><main>
${body}
</main></body>
</html>
`.value;
}

/** A cell: numbers right-aligned (pass a string already formatted, or a number to format). */
export interface Cell {
  readonly text: HtmlValue;
  readonly num?: boolean;
  readonly cls?: string;
  /** data-* attributes, for tests and tools reading the page. */
  readonly data?: Readonly<Record<string, string>>;
}

const cellOf = (c: Cell | HtmlValue): Cell =>
  typeof c === 'object' && c !== null && !Array.isArray(c) && 'text' in c
    ? (c as Cell)
    : { text: c as HtmlValue };

function cellHtml(tag: 'td' | 'th', c: Cell): SafeHtml {
  const classes = [c.num ? 'num' : '', c.cls ?? ''].filter(Boolean).join(' ');
  const data = Object.entries(c.data ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  const text = typeof c.text === 'number' ? formatNumber(c.text) : c.text;
  return tag === 'td'
    ? html`<td${classes && html` class="${classes}"`}${data}>${text}</td>`
    : html`<th${classes && html` class="${classes}"`}${data}>${text}</th>`;
}

/** A table: header cells, then rows of cells (numbers formatted and right-aligned). */
export function table(
  header: readonly (Cell | HtmlValue)[],
  rows: readonly (readonly (Cell | HtmlValue)[])[],
  attributes: { readonly cls?: string; readonly id?: string } = {},
): SafeHtml {
  const row = (cells: readonly (Cell | HtmlValue)[], tag: 'td' | 'th') =>
    html`<tr>${cells.map((c) => {
      const cell = cellOf(c);
      return cellHtml(tag, { ...cell, num: cell.num ?? typeof cell.text === 'number' });
    })}</tr>`;
  // Wide tables scroll inside their own box rather than widening the page.
  return html`<div class="table-scroll"><table${attributes.cls && html` class="${attributes.cls}"`}${attributes.id && html` id="${attributes.id}"`}><thead>${row(header, 'th')}</thead><tbody>${rows.map((r) => row(r, 'td'))}</tbody></table></div>`;
}

/** The chart's values as a table: x (or category) down, one column per series. */
function chartTable(chart: ChartSpec): SafeHtml {
  if (chart.type === 'line') {
    const s = chart.spec;
    const xs = [...new Set(s.series.flatMap((l) => l.points.map((p) => p.x)))].sort(
      (a, b) => a - b,
    );
    return table(
      [s.x.label, ...s.series.map((l) => ({ text: l.label, num: true }))],
      xs.map((x) => [
        { text: formatNumber(x), num: true },
        ...s.series.map((l) => {
          const p = l.points.find((q) => q.x === x);
          return { text: p === undefined ? '–' : formatNumber(p.y), num: true };
        }),
      ]),
      { cls: 'chart-data' },
    );
  }
  const s = chart.spec;
  return table(
    [s.categoryLabel, ...s.series.map((b) => ({ text: b.label, num: true }))],
    s.categories.map((c, i) => [
      { text: c, num: true },
      ...s.series.map((b) => {
        const v = b.values[i];
        return { text: v === undefined ? '–' : formatNumber(v), num: true };
      }),
    ]),
    { cls: 'chart-data' },
  );
}

/** A chart, a caption naming the y values, and the same values as a table below it. */
export function chartFigure(chart: ChartSpec): SafeHtml {
  const svg = chart.type === 'line' ? lineChart(chart.spec) : barChart(chart.spec);
  return html`<figure data-chart-figure="${chart.spec.id}">${svg}<figcaption>Values: ${chart.spec.y.label}. Hover a point or bar for its value; the table has them all.</figcaption>${chartTable(chart)}</figure>`;
}

/** Machines side by side (one column per run). */
export function machineTable(
  runs: readonly { readonly name: string; readonly machine: MachineInfo; readonly when: string }[],
): SafeHtml {
  const field = (label: string, pick: (m: MachineInfo) => string) => [
    label,
    ...runs.map((r) => pick(r.machine)),
  ];
  return table(
    ['', ...runs.map((r) => r.name)],
    [
      ['started', ...runs.map((r) => r.when)],
      field('CPU', (m) => m.cpu),
      field('cores', (m) => String(m.cores)),
      field('memory', (m) => `${m.memoryGiB} GiB`),
      field('Node', (m) => m.node),
      field('platform', (m) => m.platform),
      field('load average at start', (m) =>
        m.loadAvg1 === undefined ? '–' : m.loadAvg1.toFixed(2),
      ),
    ],
    { cls: 'machine' },
  );
}

/** Ran (how, how long), or skipped (why); and any notes. */
export function suiteStatus(report: SuiteReport | undefined): SafeHtml {
  if (!report) return html`<p class="skipped">Not run.</p>`;
  if (report.skipped !== undefined)
    return html`<p class="skipped"><span class="status-skipped">Skipped:</span> ${report.skipped}</p>`;
  return html`<p class="muted"><span class="status-ran">Ran</span> ${report.ranWith ?? ''}${report.seconds === undefined ? '' : ` in ${report.seconds} s`}.</p>${(report.notes ?? []).map((note) => html`<p class="note">${note}</p>`)}`;
}

/** The suite's stderr lines, folded. */
export function suiteLog(report: SuiteReport | undefined): SafeHtml {
  const lines = report?.log ?? [];
  if (lines.length === 0) return html``;
  return html`<details><summary>Suite log (${lines.length} lines)</summary><pre>${lines.join('\n')}</pre></details>`;
}
