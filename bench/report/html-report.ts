/**
 * report.html: one run of every suite on one page. The charted suites
 * (scaling, realtime, load, persist) get a chart and its data table; sim,
 * codec and llm get small tables of their key figures. A skipped suite
 * says why.
 */
import type { ChartId } from './charts.ts';
import { chartsOf } from './charts.ts';
import { type ReportDoc, SUITE_NAMES, type SuiteName, suiteOf } from './doc.ts';
import { type Figure, figuresOf } from './figures.ts';
import { formatNumber, formatValue } from './format.ts';
import { html, type SafeHtml } from './html.ts';
import { chartFigure, machineTable, page, suiteLog, suiteStatus, table } from './page.ts';

/** What each suite measures, one line. */
export const SUITE_ABOUT: Readonly<Record<SuiteName, string>> = {
  sim: 'Game minutes simulated per second: the engine on one worker against the object-per-player baseline.',
  scaling: 'Players × worker threads, ticks back to back: how throughput grows with workers.',
  realtime: 'The engine paced at 20 Hz as a server runs it: tick time against resident players.',
  codec: 'The wire codec (MessagePack) against JSON: operations a second and bytes per frame.',
  load: 'A server process and a process of WebSocket bots: command round trips against clients.',
  persist:
    'Rows a second into SQLite (and MySQL) per batch size, encoding, and flushing a whole engine.',
  llm: 'NPC chat through the governed voice service against a local fake model: cost and tick time.',
  production:
    'The load run against a server holding playing residents saved into SQLite: ticks, round trips, the oldest unsaved change, RSS.',
};

const CHART_OF: Partial<Record<SuiteName, ChartId>> = {
  scaling: 'scaling',
  realtime: 'realtime',
  load: 'load',
  persist: 'persist',
};

const BETTER_TEXT = { higher: 'higher is better', lower: 'lower is better', neither: '' } as const;

/** Figures as a table: what, value, which way is better. */
export function figureTable(figures: readonly Figure[]): SafeHtml {
  if (figures.length === 0) return html``;
  return table(
    ['figure', { text: 'value', num: true }, ''],
    figures.map((f) => [
      f.label,
      { text: formatValue(f.value, f.unit), num: true, data: { figure: f.id } },
      { text: BETTER_TEXT[f.better], cls: 'muted' },
    ]),
    { cls: 'figures' },
  );
}

/** The codec suite, one row per frame. */
function codecTable(doc: ReportDoc): SafeHtml {
  const rows = suiteOf(doc, 'codec')?.rows ?? [];
  if (rows.length === 0) return html``;
  const k = (v: number) => formatNumber(v);
  return table(
    [
      'frame',
      { text: 'msgpack encode ops/s', num: true },
      { text: 'JSON encode ops/s', num: true },
      { text: 'encode ×', num: true },
      { text: 'msgpack decode ops/s', num: true },
      { text: 'JSON decode ops/s', num: true },
      { text: 'decode ×', num: true },
      { text: 'msgpack B', num: true },
      { text: 'JSON B', num: true },
      { text: 'bytes ×', num: true },
      'msgpack decoder',
    ],
    rows.map((r) => [
      r.frame,
      { text: k(r.msgpackEncodeOpsPerSec), num: true },
      { text: k(r.jsonEncodeOpsPerSec), num: true },
      { text: formatValue(r.encodeOpsRatio, 'x'), num: true },
      { text: k(r.msgpackDecodeOpsPerSec), num: true },
      { text: k(r.jsonDecodeOpsPerSec), num: true },
      { text: formatValue(r.decodeOpsRatio, 'x'), num: true },
      { text: r.msgpackBytes, num: true },
      { text: r.jsonBytes, num: true },
      { text: formatValue(r.bytesRatio, 'x'), num: true },
      r.msgpackDecoder,
    ]),
    { cls: 'codec' },
  );
}

/** Load's other figures per client count: did everyone connect, how long welcome took, the server's cost. */
function loadTable(doc: ReportDoc): SafeHtml {
  const rows = (suiteOf(doc, 'load')?.rows ?? []).toSorted((a, b) => a.clients - b.clients);
  if (rows.length === 0) return html``;
  return table(
    [
      { text: 'clients', num: true },
      { text: 'connected', num: true },
      { text: 'welcome p99 ms', num: true },
      { text: 'commands acked', num: true },
      { text: 'updates/s/client', num: true },
      { text: 'server tick p99 ms', num: true },
      { text: 'server CPU %', num: true },
      { text: 'server RSS max MB', num: true },
      { text: 'unexpected closes', num: true },
    ],
    rows.map((r) => [
      r.clients,
      `${r.connectSucceeded} of ${r.connectAttempted}`,
      r.welcomeP99Ms,
      `${r.commandsAcked} of ${r.commandsSent}`,
      r.updatesPerSecPerClient,
      r.serverTickP99Ms,
      r.serverCpuPct,
      r.serverRssMaxMB,
      r.unexpectedCloses,
    ]),
    { cls: 'load' },
  );
}

/** Persist's other rows: encodeHot on its own, and flushing a whole engine through the writer. */
function persistTable(doc: ReportDoc): SafeHtml {
  const rows = suiteOf(doc, 'persist')?.rows ?? [];
  const flushes = rows.filter((r) => r.kind === 'flush');
  const encode = rows.find((r) => r.kind === 'encode');
  return html`${encode && html`<p>encodeHot: <strong>${formatValue(encode.rowsPerSec, 'rows/s')}</strong> on one core, ${encode.meanHotBytes} bytes per player's hot state.</p>`}
${
  flushes.length > 0 &&
  table(
    [
      'backend',
      'flush',
      'ticks',
      'speeds',
      'rows',
      { text: 'players', num: true },
      { text: 'seconds', num: true },
      { text: 'rows/s', num: true },
      { text: 'stall p99 ms', num: true },
      { text: 'tick p99 ms', num: true },
    ],
    flushes.map((r) => [
      r.backend,
      r.op,
      r.ticking,
      r.speeds,
      r.rowsExisted ? 'upsert' : 'insert',
      r.players,
      r.seconds,
      r.rowsPerSec,
      r.stallP99Ms ?? '–',
      r.tickP99Ms ?? '–',
    ]),
    { cls: 'persist-flush' },
  )
}`;
}

function suiteSection(doc: ReportDoc, name: SuiteName): SafeHtml {
  const report = suiteOf(doc, name);
  const figures = figuresOf(doc).filter((f) => f.suite === name);
  const chartId = CHART_OF[name];
  const chart = chartId === undefined ? undefined : chartsOf(doc)[chartId];
  const ran = report !== undefined && report.skipped === undefined;
  let body: SafeHtml = html``;
  if (ran) {
    if (name === 'sim' || name === 'llm') body = figureTable(figures);
    else if (name === 'codec')
      body = html`${codecTable(doc)}<p class="muted">× columns: msgpack over JSON. Above 1: msgpack does more operations a second (for bytes: its frames are larger).</p>`;
    else {
      const ratios = figures.filter((f) => f.fromRatios);
      body = html`${chart && chartFigure(chart)}
${name === 'load' && loadTable(doc)}
${name === 'persist' && persistTable(doc)}
${ratios.length > 0 && html`<h3>Ratios and headline figures</h3>${figureTable(ratios)}`}`;
    }
  }
  return html`<section class="suite" id="suite-${name}" data-suite="${name}" data-status="${ran ? 'ran' : 'skipped'}">
<h2>${name}</h2>
<p>${SUITE_ABOUT[name]}</p>
${suiteStatus(report)}
${body}
${suiteLog(report)}
</section>`;
}

/** Seconds between two ISO times, or undefined. */
function elapsed(from: string, to: string | undefined): number | undefined {
  if (to === undefined) return undefined;
  const s = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(s) ? s : undefined;
}

/** The whole report page for `doc`. */
export function reportHtml(doc: ReportDoc): string {
  const took = elapsed(doc.startedAt, doc.finishedAt);
  const summary = table(
    ['suite', 'status', { text: 'seconds', num: true }],
    SUITE_NAMES.map((name) => {
      const r = suiteOf(doc, name);
      const status =
        r === undefined
          ? html`<span class="muted">not run</span>`
          : r.skipped !== undefined
            ? html`<span class="status-skipped">skipped</span>: ${r.skipped}`
            : html`<span class="status-ran">ran</span>${(r.notes ?? []).length > 0 ? ` (${(r.notes ?? []).length} note${(r.notes ?? []).length > 1 ? 's' : ''})` : ''}`;
      return [html`<a href="#suite-${name}">${name}</a>`, status, r?.seconds ?? '–'];
    }),
    { cls: 'summary' },
  );
  const body = html`<h1>lifetick bench report</h1>
<p class="muted">${doc.quick ? 'Quick sizes (--quick): the shape of the curves, not the capacity of the machine.' : 'Full sizes.'} Started ${doc.startedAt}${took === undefined ? '' : `, took ${Math.round(took)} s`}. Every row is in report.json beside this file.</p>
${machineTable([{ name: 'this run', machine: doc.machine, when: doc.startedAt }])}
<h2>Suites</h2>
${summary}
${SUITE_NAMES.map((name) => suiteSection(doc, name))}`;
  return page(`lifetick bench report ${doc.startedAt}`, body);
}
