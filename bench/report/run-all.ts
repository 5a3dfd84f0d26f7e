/**
 * `bench all`: every suite in turn, through the same suite functions as
 * `bench <suite>`, into one ReportDoc. A suite that fails is recorded as
 * skipped with its error, and the run goes on; a size of a sweep that
 * fails is a note, the other sizes stay.
 */
import { machineInfo } from '../machine.ts';
import { SUITES, type SuiteEntry } from '../registry.ts';
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
import { reason } from './sweep.ts';

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
    // Each entry's rows are its own suite's, which the loop over names cannot say.
    const suite = SUITES[name] as unknown as SuiteEntry<RowOf[SuiteName]>;
    const { ranWith, run } = suite.all(options.plan);
    options.progress?.(`[${i + 1}/${wanted.length}] ${name}: ${ranWith}`);
    const started = performance.now();
    const captured = await captureStderr(run, options.echoSuiteLogs ?? false);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const base = { suite: name, machine, ranWith, seconds, log: captured.lines };
    let report: SuiteReport;
    if (captured.outcome.ok) {
      const out = captured.outcome.value;
      const notes = [...(out.notes ?? []), ...(suite.notes?.(captured.lines, out.rows) ?? [])];
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
