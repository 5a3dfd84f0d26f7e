/**
 * `bench all`: every suite in turn, through the same suite functions as
 * `bench <suite>`, into one ReportDoc. A suite that fails is recorded as
 * skipped with its error, and the run goes on; a size of a sweep that
 * fails is a note, the other sizes stay.
 */
import { machineInfo } from '../machine.ts';
import type { BenchRow, LoadRow } from '../row.ts';
import { codecSuite } from '../suites/codec.ts';
import { llmSuite } from '../suites/llm.ts';
import { loadSuite } from '../suites/load.ts';
import { persistSuite } from '../suites/persist.ts';
import { realtimeSuite } from '../suites/realtime.ts';
import { scalingSuite } from '../suites/scaling.ts';
import { simSuite } from '../suites/sim.ts';
import {
  type ReportDoc,
  type RowOf,
  SUITE_NAMES,
  type SuiteName,
  type SuiteReport,
  type SuiteReports,
} from './doc.ts';
import type { RunPlan } from './plan.ts';
import { captureStderr, redact } from './stderr-capture.ts';

/** What `runAll` runs, and whom it tells as it goes. */
export interface RunAllOptions {
  readonly plan: RunPlan;
  /** Whether the plan is the quick one (recorded in the report). */
  readonly quick: boolean;
  /** Suites to run, in SUITE_NAMES order; all when undefined. */
  readonly suites?: readonly SuiteName[];
  /** Progress lines (suite started, finished); none when undefined. */
  readonly progress?: (line: string) => void;
  /** Pass the suites' own stderr lines through as they come (they are kept in the report either way). */
  readonly echoSuiteLogs?: boolean;
  /** Called with each suite's report as it finishes (for printing as the run goes). */
  readonly onSuite?: (report: SuiteReport) => void;
}

/** What one suite's run gives back: the BenchResult's rows and ratios, and anything it left out. */
interface SuiteOutput {
  readonly rows: readonly RowOf[SuiteName][];
  readonly ratios: Readonly<Record<string, number>>;
  readonly notes?: readonly string[];
}

/** The first line of an error, for a skip reason or a note. */
function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redact(text.split('\n')[0] ?? text);
}

/**
 * Run `once` at each size in turn. A failed size becomes a note; when every
 * size fails the first error is thrown (the suite is skipped with it).
 */
async function sweep<R>(
  sizes: readonly number[],
  unit: string,
  once: (size: number) => Promise<{ rows: readonly R[]; ratios: Readonly<Record<string, number>> }>,
): Promise<{ rows: R[]; ratios: Record<string, number>; notes: string[] }> {
  const rows: R[] = [];
  const ratios: Record<string, number> = {};
  const notes: string[] = [];
  let firstError: unknown;
  for (const size of sizes) {
    try {
      const result = await once(size);
      rows.push(...result.rows);
      for (const [name, value] of Object.entries(result.ratios)) ratios[`${name}@${size}`] = value;
    } catch (error) {
      firstError ??= error;
      notes.push(`${size} ${unit}: failed: ${reason(error)}`);
    }
  }
  if (rows.length === 0 && firstError !== undefined) throw firstError;
  return { rows, ratios, notes };
}

/** The persist suite writes "no MySQL at ... : MySQL rows skipped" when none answers. */
function persistNotes(lines: readonly string[], rows: RowOf['persist'][]): string[] {
  if (rows.some((r) => r.kind !== 'encode' && r.backend === 'mysql')) return [];
  const line = lines.find((l) => l.includes('no MySQL at'));
  const why = line?.replace(/^persist: /, '').replace(/: MySQL rows skipped$/, '');
  return [
    `MySQL rows skipped: ${why ?? 'no MySQL server answered'} (LIFETICK_BENCH_MYSQL_URL names the server)`,
  ];
}

/** One suite's run, at the plan's sizes, and its sizes in words. */
function suiteRun(
  name: SuiteName,
  plan: RunPlan,
): { ranWith: string; run: () => Promise<SuiteOutput> } {
  switch (name) {
    case 'sim': {
      const o = plan.sim;
      return {
        ranWith: `${o.players} players, ${o.seconds} s per engine`,
        run: () => simSuite(o),
      };
    }
    case 'scaling': {
      const o = plan.scaling;
      return {
        ranWith: `players ${o.playerCounts.join(', ')} × 1..${o.maxWorkers} workers, ${o.seconds} s per cell`,
        run: () => scalingSuite(o),
      };
    }
    case 'realtime': {
      const o = plan.realtime;
      return {
        ranWith: `players ${o.playerCounts.join(', ')}, ${o.workers} workers, 20 Hz, ${o.seconds} s each after a 3 s warm-up`,
        run: () =>
          sweep<BenchRow>(o.playerCounts, 'players', (players) =>
            realtimeSuite({ players, workers: o.workers, seconds: o.seconds, seed: o.seed }),
          ),
      };
    }
    case 'codec': {
      const o = plan.codec;
      return { ranWith: `${o.taskMs} ms per task`, run: () => codecSuite(o) };
    }
    case 'load': {
      const o = plan.load;
      return {
        ranWith: `clients ${o.clientCounts.join(', ')}, ${o.seconds} s each, ${o.workers ?? 'default'} server workers`,
        run: () =>
          sweep<LoadRow>(o.clientCounts, 'clients', (clients) =>
            loadSuite({ clients, seconds: o.seconds, workers: o.workers, batch: o.batch }),
          ),
      };
    }
    case 'persist': {
      const o = plan.persist;
      return {
        ranWith: `${o.players} players, batches ${o.batchSizes.join(', ')}, ${o.seconds} s per batch size, ${o.workers} engine workers`,
        run: () => persistSuite(o),
      };
    }
    case 'llm': {
      const o = plan.llm;
      return {
        ranWith: `${o.players} players, ${o.quietSeconds} s no chat then ${o.seconds} s of chat, model latency ${o.latencyMs} ms, caps ${o.caps}`,
        run: () => llmSuite(o),
      };
    }
  }
}

/** Run the suites of `options.plan` and gather them into one report. */
export async function runAll(options: RunAllOptions): Promise<ReportDoc> {
  // Taken before the run, so the load average is the machine's, not the bench's.
  const machine = machineInfo();
  const startedAt = new Date().toISOString();
  const wanted = SUITE_NAMES.filter(
    (n) => options.suites === undefined || options.suites.includes(n),
  );
  const suites: Record<string, SuiteReport> = {};
  for (const [i, name] of wanted.entries()) {
    const { ranWith, run } = suiteRun(name, options.plan);
    options.progress?.(`[${i + 1}/${wanted.length}] ${name}: ${ranWith}`);
    const started = performance.now();
    const captured = await captureStderr(run, options.echoSuiteLogs ?? false);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const base = { suite: name, machine, ranWith, seconds, log: captured.lines };
    let report: SuiteReport;
    if (captured.outcome.ok) {
      const out = captured.outcome.value;
      const notes = [
        ...(out.notes ?? []),
        ...(name === 'persist' ? persistNotes(captured.lines, out.rows as RowOf['persist'][]) : []),
      ];
      report = {
        ...base,
        rows: out.rows,
        ratios: out.ratios,
        ...(notes.length > 0 ? { notes } : {}),
      };
      options.progress?.(`[${i + 1}/${wanted.length}] ${name}: done in ${seconds} s`);
    } else {
      const error = captured.outcome.error;
      // The whole error, stack and all, goes in the suite's log; the reason is its first line.
      const detail = (error instanceof Error && error.stack) || String(error);
      report = {
        ...base,
        log: [...captured.lines, ...detail.split('\n').map(redact)],
        rows: [],
        ratios: {},
        skipped: reason(error),
      };
      options.progress?.(`[${i + 1}/${wanted.length}] ${name}: skipped: ${report.skipped}`);
    }
    suites[name] = report;
    options.onSuite?.(report);
  }
  return {
    machine,
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: options.quick,
    // Each entry holds its own suite's rows, which the loop's union type cannot say.
    suites: suites as SuiteReports,
  };
}
