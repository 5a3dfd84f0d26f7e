/**
 * The comparable figures of a report: named values picked from each
 * suite's rows, each with its unit and whether higher or lower is better,
 * plus every ratio the suites computed themselves. A figure's id is stable
 * across runs (it names the size it was measured at), so two reports match
 * up figure by figure.
 */
import { type ReportDoc, SUITE_NAMES, type SuiteName, suiteOf } from './doc.ts';
import { formatNumber, type Unit } from './format.ts';

/** Which way a figure is better: throughput higher, latency lower; counts of work done neither. */
export type Better = 'higher' | 'lower' | 'neither';

/** One named value of a run. */
export interface Figure {
  /** Stable across runs: suite, what, and the size it was measured at. */
  readonly id: string;
  readonly suite: SuiteName;
  readonly label: string;
  readonly unit: Unit;
  readonly value: number;
  readonly better: Better;
  /** From the suite's `ratios` (as the CLI prints them) rather than from a row. */
  readonly fromRatios?: boolean;
}

type Make = (id: string, label: string, unit: Unit, value: number, better: Better) => Figure;

const n = (v: number) => formatNumber(v);
const workers = (count: number) => `${count} worker${count === 1 ? '' : 's'}`;

function simFigures(doc: ReportDoc, f: Make): Figure[] {
  return (suiteOf(doc, 'sim')?.rows ?? []).flatMap((r) => [
    f(
      `${r.engine}.rate`,
      `${r.engine}, ${r.workers} worker: game minutes/s`,
      'min/s',
      r.playerMinutesPerSec,
      'higher',
    ),
    f(`${r.engine}.tickP99`, `${r.engine}: tick p99`, 'ms', r.tickP99Ms, 'lower'),
  ]);
}

function scalingFigures(doc: ReportDoc, f: Make): Figure[] {
  return (suiteOf(doc, 'scaling')?.rows ?? []).flatMap((r) => {
    const at = `${n(r.players)} players, ${workers(r.workers)}`;
    const id = `${r.players}x${r.workers}`;
    return [
      f(`rate@${id}`, `${at}: game minutes/s`, 'min/s', r.playerMinutesPerSec, 'higher'),
      f(`tickP99@${id}`, `${at}: tick p99`, 'ms', r.tickP99Ms, 'lower'),
    ];
  });
}

function realtimeFigures(doc: ReportDoc, f: Make): Figure[] {
  return (suiteOf(doc, 'realtime')?.rows ?? []).flatMap((r) => {
    const at = `${n(r.players)} players, ${workers(r.workers)}`;
    const id = `${r.players}x${r.workers}`;
    return [
      f(`tickP99@${id}`, `${at}: tick p99`, 'ms', r.tickP99Ms, 'lower'),
      f(`tickP50@${id}`, `${at}: tick p50`, 'ms', r.tickP50Ms, 'lower'),
      ...(r.rssMB === undefined ? [] : [f(`rss@${id}`, `${at}: RSS`, 'MB', r.rssMB, 'lower')]),
      ...(r.lateTicks === undefined
        ? []
        : [f(`late@${id}`, `${at}: late ticks`, '', r.lateTicks, 'lower')]),
    ];
  });
}

function codecFigures(doc: ReportDoc, f: Make): Figure[] {
  return (suiteOf(doc, 'codec')?.rows ?? []).flatMap((r) => [
    f(
      `msgpackEncode@${r.frame}`,
      `${r.frame}: msgpack encode`,
      'ops/s',
      r.msgpackEncodeOpsPerSec,
      'higher',
    ),
    f(
      `msgpackDecode@${r.frame}`,
      `${r.frame}: msgpack decode`,
      'ops/s',
      r.msgpackDecodeOpsPerSec,
      'higher',
    ),
    f(`jsonEncode@${r.frame}`, `${r.frame}: JSON encode`, 'ops/s', r.jsonEncodeOpsPerSec, 'higher'),
    f(`jsonDecode@${r.frame}`, `${r.frame}: JSON decode`, 'ops/s', r.jsonDecodeOpsPerSec, 'higher'),
    f(`msgpackBytes@${r.frame}`, `${r.frame}: msgpack size`, 'B', r.msgpackBytes, 'lower'),
  ]);
}

function loadFigures(doc: ReportDoc, f: Make): Figure[] {
  return (suiteOf(doc, 'load')?.rows ?? []).flatMap((r) => {
    const at = `${n(r.clients)} clients`;
    const id = String(r.clients);
    return [
      f(`rttP50@${id}`, `${at}: round trip p50`, 'ms', r.rttP50Ms, 'lower'),
      f(`rttP95@${id}`, `${at}: round trip p95`, 'ms', r.rttP95Ms, 'lower'),
      f(`rttP99@${id}`, `${at}: round trip p99`, 'ms', r.rttP99Ms, 'lower'),
      f(`welcomeP99@${id}`, `${at}: welcome p99`, 'ms', r.welcomeP99Ms, 'lower'),
      f(`connected@${id}`, `${at}: connected`, '', r.connectSucceeded, 'higher'),
      f(`serverTickP99@${id}`, `${at}: server tick p99`, 'ms', r.serverTickP99Ms, 'lower'),
      f(`serverCpu@${id}`, `${at}: server CPU`, '%', r.serverCpuPct, 'lower'),
      f(`serverRssMax@${id}`, `${at}: server RSS max`, 'MB', r.serverRssMaxMB, 'lower'),
    ];
  });
}

function productionFigures(doc: ReportDoc, f: Make): Figure[] {
  return (suiteOf(doc, 'production')?.rows ?? []).flatMap((r) => {
    const at = `${n(r.residents)} residents, ${n(r.clients)} clients`;
    return [
      f('serverTickP99', `${at}: server tick p99`, 'ms', r.serverTickP99Ms, 'lower'),
      f('rttP99', `${at}: round trip p99`, 'ms', r.rttP99Ms, 'lower'),
      f('oldestUnsavedMax', `${at}: oldest unsaved change`, 'ms', r.oldestUnsavedMaxMs, 'lower'),
      f('serverRssMax', `${at}: server RSS max`, 'MB', r.serverRssMaxMB, 'lower'),
    ];
  });
}

function persistFigures(doc: ReportDoc, f: Make): Figure[] {
  return (suiteOf(doc, 'persist')?.rows ?? []).flatMap((r) => {
    if (r.kind === 'encode')
      return [f('encode', 'encodeHot rows/s', 'rows/s', r.rowsPerSec, 'higher')];
    if (r.kind === 'batch') {
      const at = `${r.backend} ${r.op} @${r.batchSize}`;
      return [f(`batch.${at}`, `${at}: rows/s`, 'rows/s', r.rowsPerSec, 'higher')];
    }
    const at = `${r.backend} ${r.op} ${r.ticking} ${r.speeds} ${r.rowsExisted ? 'upsert' : 'insert'}`;
    return [
      f(`flush.${at}`, `flush ${at}: seconds`, 's', r.seconds, 'lower'),
      ...(r.stallP99Ms === undefined
        ? []
        : [f(`stallP99.${at}`, `flush ${at}: stall p99`, 'ms', r.stallP99Ms, 'lower')]),
    ];
  });
}

function llmFigures(doc: ReportDoc, f: Make): Figure[] {
  return (suiteOf(doc, 'llm')?.rows ?? []).flatMap((r) => {
    const at = `${n(r.players)} players`;
    const id = `${r.players}.${r.caps}`;
    return [
      f(
        `costPerPlayerDay@${id}`,
        `${at}: cost per player per day`,
        '$',
        r.costPerPlayerDayDollars,
        'lower',
      ),
      f(`chatTickP99@${id}`, `${at}: tick p99 while chatting`, 'ms', r.chat.tickP99Ms, 'lower'),
      f(`noChatTickP99@${id}`, `${at}: tick p99 without chat`, 'ms', r.noChat.tickP99Ms, 'lower'),
      f(`modelReplyP99@${id}`, `${at}: model reply p99`, 'ms', r.modelReplyP99Ms, 'lower'),
      f(`templateReplyP99@${id}`, `${at}: template reply p99`, 'ms', r.templateReplyP99Ms, 'lower'),
      f(`cacheHit@${id}`, `${at}: cache hits`, '%', r.cacheHitRatio * 100, 'higher'),
      f(`repliesMissing@${id}`, `${at}: replies missing`, '', r.repliesMissing, 'lower'),
      f(`talksAccepted@${id}`, `${at}: talks accepted`, '', r.talksAccepted, 'neither'),
      ...(r.memory.length === 0
        ? []
        : [
            f(
              `rssEnd@${id}`,
              `${at}: server RSS at the end`,
              'MB',
              r.memory.at(-1)!.rssMB,
              'lower',
            ),
          ]),
    ];
  });
}

/**
 * Which way a suite's own ratio is better, by its name (see the suites'
 * `ratios`). Checked in order; a name no rule knows is "neither".
 */
const RATIO_RULES: readonly (readonly [RegExp, Better])[] = [
  [/^naivePerPlayerDayOverTarget/, 'neither'], // the workload's cost, not the server's
  [/^stallChunks/, 'neither'],
  [/^(stallP99OverTarget|costPerPlayerDayOverTarget|governedOverNaiveCost)/, 'lower'],
  [/^(tickP99OverPeriod|rttP99OverTickPeriod|chatTickP99OverNoChat|rssEndOverStart)/, 'lower'],
  [/^msgpackOverJsonBytes/, 'lower'],
  [/^(workers\d+OverOne|lifetickOneWorkerOverBaseline|connectedOverAttempted)/, 'higher'],
  [/^msgpackOverJson(Encode|Decode)Ops/, 'higher'],
  [/^(sqlite|mysql)OverTarget/, 'higher'],
  [/RowsPerSec/, 'higher'],
  [/(Seconds|Ms)(@|$)/, 'lower'],
];

/**
 * Suite ratios that repeat a figure already taken from a row (persist's
 * upsert rates and flush times): left out, so a comparison lists each once.
 */
const REPEATS_A_ROW: readonly RegExp[] = [
  /^(encode|sqlite|mysql)RowsPerSec(@|$)/,
  /^(sqlite|mysql)Flush(All)?Seconds$/,
];

/** A ratio's unit from its name: "Over" ratios are x, the others carry the unit they name. */
function ratioUnit(name: string): Unit {
  if (name.includes('Over')) return 'x';
  if (name.includes('RowsPerSec')) return 'rows/s';
  if (/Seconds(@|$)/.test(name)) return 's';
  if (/Ms(@|$)/.test(name)) return 'ms';
  return '';
}

/** Which way a suite's own ratio is better, from its name (RATIO_RULES). */
export function ratioBetter(name: string): Better {
  return RATIO_RULES.find(([pattern]) => pattern.test(name))?.[1] ?? 'neither';
}

const FROM_ROWS: Readonly<Record<SuiteName, (doc: ReportDoc, f: Make) => Figure[]>> = {
  sim: simFigures,
  scaling: scalingFigures,
  realtime: realtimeFigures,
  codec: codecFigures,
  load: loadFigures,
  persist: persistFigures,
  llm: llmFigures,
  production: productionFigures,
};

/** Every figure of `doc`: from each suite's rows, then its ratios; in suite order. */
export function figuresOf(doc: ReportDoc): Figure[] {
  const out: Figure[] = [];
  for (const suite of SUITE_NAMES) {
    const make: Make = (id, label, unit, value, better) => ({
      id: `${suite}.${id}`,
      suite,
      label,
      unit,
      value,
      better,
    });
    out.push(...FROM_ROWS[suite](doc, make));
    for (const [name, value] of Object.entries(doc.suites[suite]?.ratios ?? {})) {
      if (REPEATS_A_ROW.some((pattern) => pattern.test(name))) continue;
      out.push({
        id: `${suite}.ratio.${name}`,
        suite,
        label: name,
        unit: ratioUnit(name),
        value,
        better: ratioBetter(name),
        fromRatios: true,
      });
    }
  }
  return out;
}
