/**
 * What the report charts, as chart specs built from a report's rows:
 * throughput against workers (scaling), tick p99 against players
 * (realtime), round-trip percentiles against clients (load) and rows a
 * second per batch size and backend (persist). `overlay` puts two runs'
 * specs on one chart for the compare page.
 */

import { type ReportDoc, suiteOf } from './doc.ts';
import { formatNumber } from './format.ts';
import type { BarChartSpec, BarSeries, LineChartSpec, LineSeries } from './svg-chart.ts';

/** A chart of one suite: a line chart or a grouped bar chart. */
export type ChartSpec =
  | { readonly type: 'line'; readonly suite: string; readonly spec: LineChartSpec }
  | { readonly type: 'bar'; readonly suite: string; readonly spec: BarChartSpec };

/** The charts, by id, in page order. */
export const CHART_IDS = ['scaling', 'realtime', 'load', 'persist'] as const;
/** One of the report's charts. */
export type ChartId = (typeof CHART_IDS)[number];

/** The realtime suite's tick rate (bench/suites/realtime.ts runs at 20 Hz): a tick's budget. */
const REALTIME_PERIOD_MS = 1000 / 20;

/** Sorted distinct values. */
const distinct = (values: readonly number[]) => [...new Set(values)].sort((a, b) => a - b);

/** A log axis when the values span a decade or more, else linear from zero. */
function sizeAxis(values: readonly number[], label: string): LineChartSpec['x'] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return min > 0 && max / min >= 10
    ? { label, kind: 'log' }
    : { label, kind: 'linear', zero: true, integer: true };
}

/** Game minutes a second against worker count, one line per player count. */
function scalingChart(doc: ReportDoc): LineChartSpec | undefined {
  const rows = suiteOf(doc, 'scaling')?.rows ?? [];
  if (rows.length === 0) return undefined;
  const series: LineSeries[] = distinct(rows.map((r) => r.players)).map((players, i) => ({
    label: `${formatNumber(players)} players`,
    color: i,
    points: rows
      .filter((r) => r.players === players)
      .map((r) => ({ x: r.workers, y: r.playerMinutesPerSec / 1e6 })),
  }));
  return {
    id: 'scaling',
    title: 'Throughput vs workers (ticks back to back)',
    x: { label: 'worker threads', kind: 'linear', zero: true, integer: true },
    y: { label: 'million game minutes / s', kind: 'linear', zero: true },
    series,
  };
}

/** Tick p99 (and p50) against resident players, paced at 20 Hz. */
function realtimeChart(doc: ReportDoc): LineChartSpec | undefined {
  const rows = (suiteOf(doc, 'realtime')?.rows ?? []).toSorted((a, b) => a.players - b.players);
  if (rows.length === 0) return undefined;
  const workers = distinct(rows.map((r) => r.workers)).join('/');
  return {
    id: 'realtime',
    title: `Tick time vs players (20 Hz, ${workers} workers)`,
    x: sizeAxis(
      rows.map((r) => r.players),
      'resident players',
    ),
    y: { label: 'tick time, ms', kind: 'linear', zero: true },
    series: [
      { label: 'tick p99', color: 1, points: rows.map((r) => ({ x: r.players, y: r.tickP99Ms })) },
      { label: 'tick p50', color: 0, points: rows.map((r) => ({ x: r.players, y: r.tickP50Ms })) },
    ],
    references: [{ y: REALTIME_PERIOD_MS, label: 'tick period (50 ms)' }],
  };
}

/** Command round-trip percentiles against connected clients. */
function loadChart(doc: ReportDoc): LineChartSpec | undefined {
  const rows = (suiteOf(doc, 'load')?.rows ?? []).toSorted((a, b) => a.clients - b.clients);
  if (rows.length === 0) return undefined;
  const line = (label: string, color: number, pick: (r: (typeof rows)[number]) => number) => ({
    label,
    color,
    points: rows.map((r) => ({ x: r.clients, y: pick(r) })),
  });
  return {
    id: 'load',
    title: 'Command round trip vs clients (WebSocket bots)',
    x: sizeAxis(
      rows.map((r) => r.clients),
      'clients',
    ),
    y: { label: 'round trip, ms', kind: 'linear', zero: true },
    series: [
      line('rtt p99', 1, (r) => r.rttP99Ms),
      line('rtt p95', 4, (r) => r.rttP95Ms),
      line('rtt p50', 0, (r) => r.rttP50Ms),
    ],
  };
}

/** saveBatch rows a second at each batch size, one bar per backend and operation. */
function persistChart(doc: ReportDoc): BarChartSpec | undefined {
  const rows = (suiteOf(doc, 'persist')?.rows ?? []).filter((r) => r.kind === 'batch');
  if (rows.length === 0) return undefined;
  const sizes = distinct(rows.map((r) => r.batchSize));
  const keys = ['sqlite upsert', 'sqlite insert', 'mysql upsert', 'mysql insert'];
  const series: BarSeries[] = keys
    .map((key, color) => ({
      label: key,
      color,
      values: sizes.map(
        (size) =>
          rows.find((r) => `${r.backend} ${r.op}` === key && r.batchSize === size)?.rowsPerSec,
      ),
    }))
    .filter((s) => s.values.some((v) => v !== undefined));
  return {
    id: 'persist',
    title: 'Persistence: rows/s per saveBatch, by batch size',
    categories: sizes.map(String),
    categoryLabel: 'batch size (rows per transaction)',
    y: { label: 'rows / s', kind: 'linear', zero: true },
    series,
  };
}

/** Every chart the report can draw from `doc`, by id (absent: its suite has no rows). */
export function chartsOf(doc: ReportDoc): Partial<Record<ChartId, ChartSpec>> {
  const out: Partial<Record<ChartId, ChartSpec>> = {};
  const scaling = scalingChart(doc);
  if (scaling) out.scaling = { type: 'line', suite: 'scaling', spec: scaling };
  const realtime = realtimeChart(doc);
  if (realtime) out.realtime = { type: 'line', suite: 'realtime', spec: realtime };
  const load = loadChart(doc);
  if (load) out.load = { type: 'line', suite: 'load', spec: load };
  const persist = persistChart(doc);
  if (persist) out.persist = { type: 'bar', suite: 'persist', spec: persist };
  return out;
}

/**
 * Runs A and B on one chart: each series twice, B solid and A dashed (lines)
 * or faded (bars), in the series' own colour; labels say which run. Bar
 * categories are the union of both runs' categories.
 */
export function overlay(a: ChartSpec | undefined, b: ChartSpec | undefined): ChartSpec | undefined {
  const base = b ?? a;
  if (!base) return undefined;
  if (base.type === 'line') {
    const title = `${base.spec.title}: A dashed, B solid`;
    const lines = (c: ChartSpec | undefined) => (c?.type === 'line' ? c.spec.series : []);
    const series: LineSeries[] = [];
    const keys = [...new Set([...lines(a), ...lines(b)].map((s) => s.label))];
    for (const key of keys) {
      const sa = lines(a).find((s) => s.label === key);
      const sb = lines(b).find((s) => s.label === key);
      const color = (sb ?? sa)!.color;
      if (sa) series.push({ ...sa, label: `A · ${key}`, color, secondary: true });
      if (sb) series.push({ ...sb, label: `B · ${key}`, color, secondary: false });
    }
    // An axis kind both runs agree on: log if either needed it.
    const xa = a?.type === 'line' ? a.spec.x : undefined;
    const x = xa?.kind === 'log' ? xa : base.spec.x;
    return { type: 'line', suite: base.suite, spec: { ...base.spec, x, title, series } };
  }
  const bars = (c: ChartSpec | undefined) => (c?.type === 'bar' ? c.spec : undefined);
  const specA = bars(a);
  const specB = bars(b);
  const categories = [
    ...new Set([...(specA?.categories ?? []), ...(specB?.categories ?? [])]),
  ].sort((p, q) => Number(p) - Number(q) || p.localeCompare(q));
  const realign = (spec: BarChartSpec | undefined, s: BarSeries) =>
    categories.map((c) => {
      const i = spec?.categories.indexOf(c) ?? -1;
      return i < 0 ? undefined : s.values[i];
    });
  const keys = [
    ...new Set([...(specA?.series ?? []), ...(specB?.series ?? [])].map((s) => s.label)),
  ];
  const series: BarSeries[] = [];
  for (const key of keys) {
    const sa = specA?.series.find((s) => s.label === key);
    const sb = specB?.series.find((s) => s.label === key);
    const color = (sb ?? sa)!.color;
    if (sa)
      series.push({ label: `A · ${key}`, color, secondary: true, values: realign(specA, sa) });
    if (sb) series.push({ label: `B · ${key}`, color, values: realign(specB, sb) });
  }
  return {
    type: 'bar',
    suite: base.suite,
    spec: { ...base.spec, title: `${base.spec.title}: A faded, B solid`, categories, series },
  };
}
