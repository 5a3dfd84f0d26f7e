/**
 * compare.html: two runs side by side. Per suite, the charts with both runs
 * overlaid, then every comparable figure with A, B, B/A and a verdict that
 * reads B/A the right way round for that figure.
 */
import { CHART_IDS, chartsOf, overlay } from './charts.ts';
import { type ComparedFigure, compareDocs, SAME_WITHIN } from './compare.ts';
import { type ReportDoc, SUITE_NAMES, type SuiteName } from './doc.ts';
import { formatValue } from './format.ts';
import { type HtmlValue, html, type SafeHtml } from './html.ts';
import { SUITE_ABOUT } from './html-report.ts';
import { type Cell, chartFigure, machineTable, page, table } from './page.ts';

/** A run and what to call it on the page (its file name). */
export interface NamedRun {
  readonly name: string;
  readonly doc: ReportDoc;
}

const VERDICT_TEXT = {
  better: '▲ B better',
  worse: '▼ B worse',
  same: '= same',
  'n/a': '–',
} as const;

const raw = (v: number | undefined) => (v === undefined ? '' : String(v));

function figureRows(figures: readonly ComparedFigure[]): SafeHtml {
  return table(
    [
      'figure',
      'better',
      { text: 'A', num: true },
      { text: 'B', num: true },
      { text: 'B/A', num: true },
      'verdict',
    ],
    figures.map((f): (Cell | HtmlValue)[] => [
      f.label,
      { text: f.better === 'neither' ? '–' : f.better, cls: 'muted' },
      { text: formatValue(f.a, f.unit), num: true, data: { a: raw(f.a) } },
      { text: formatValue(f.b, f.unit), num: true, data: { b: raw(f.b) } },
      {
        text: f.ratio === undefined ? '–' : `${f.ratio.toFixed(3)}`,
        num: true,
        data: { ratio: raw(f.ratio), figure: f.id },
      },
      {
        text: VERDICT_TEXT[f.verdict],
        cls: `verdict-${f.verdict === 'n/a' ? 'na' : f.verdict}`,
      },
    ]),
    { cls: 'compare' },
  );
}

function suiteSection(
  name: SuiteName,
  a: NamedRun,
  b: NamedRun,
  figures: readonly ComparedFigure[],
): SafeHtml {
  const ra = a.doc.suites[name];
  const rb = b.doc.suites[name];
  if (!ra && !rb) return html``;
  const status = (label: string, r: typeof ra) =>
    r === undefined
      ? html`<p class="skipped">${label}: not run.</p>`
      : r.skipped !== undefined
        ? html`<p class="skipped">${label}: skipped: ${r.skipped}</p>`
        : html`<p class="muted">${label}: ran ${r.ranWith ?? ''}.</p>`;
  const chartsA = chartsOf(a.doc);
  const chartsB = chartsOf(b.doc);
  const charts = CHART_IDS.filter((id) => id === name)
    .map((id) => overlay(chartsA[id], chartsB[id]))
    .filter((c) => c !== undefined);
  const own = figures.filter((f) => f.suite === name);
  return html`<section class="suite" id="suite-${name}" data-suite="${name}">
<h2>${name}</h2>
<p>${SUITE_ABOUT[name]}</p>
${status('A', ra)}${status('B', rb)}
${charts.map((c) => chartFigure(c))}
${own.length > 0 && figureRows(own)}
</section>`;
}

/** Warnings that make the ratios mean less: different machines, or quick against full sizes. */
function caveats(a: ReportDoc, b: ReportDoc): SafeHtml[] {
  const out: SafeHtml[] = [];
  const ma = a.machine;
  const mb = b.machine;
  if (ma.cpu !== mb.cpu || ma.cores !== mb.cores || ma.node !== mb.node)
    out.push(
      html`<p class="note">The runs were on different machines or Node versions: timings differ for that reason too.</p>`,
    );
  if ((a.quick ?? false) !== (b.quick ?? false))
    out.push(
      html`<p class="note">One run used --quick sizes and the other full sizes: most figures are at different sizes and do not pair up.</p>`,
    );
  return out;
}

/** The compare page for runs A and B. */
export function compareHtml(a: NamedRun, b: NamedRun): string {
  const figures = compareDocs(a.doc, b.doc);
  const counts = { better: 0, worse: 0, same: 0, 'n/a': 0 };
  for (const f of figures) counts[f.verdict]++;
  const pct = Math.round(SAME_WITHIN * 100);
  const body = html`<h1>lifetick bench comparison</h1>
<p><strong>A</strong>: ${a.name} (${a.doc.startedAt}) · <strong>B</strong>: ${b.name} (${b.doc.startedAt})</p>
<div class="legend-note">
<p><strong>B/A</strong> is B's value over A's: above 1, B's figure is larger. Whether larger is good depends on the figure, so each row says which way is <strong>better</strong>: rates and throughput higher; times, sizes, memory and cost lower. The <strong>verdict</strong> reads it for you: ▲ B better or ▼ B worse when B/A moves more than ${pct}% that way, = same within ${pct}% (run-to-run noise). – : the figure is in one run only, or has no better direction.</p>
<p>Charts: A dashed with hollow points (bars faded), B solid.</p>
</div>
<p>${counts.better} better, ${counts.worse} worse, ${counts.same} the same, ${counts['n/a']} without a verdict.</p>
${caveats(a.doc, b.doc)}
${machineTable([
  { name: 'A', machine: a.doc.machine, when: a.doc.startedAt },
  { name: 'B', machine: b.doc.machine, when: b.doc.startedAt },
])}
${SUITE_NAMES.map((name) => suiteSection(name, a, b, figures))}`;
  return page(`lifetick bench comparison: ${a.name} vs ${b.name}`, body);
}
