/**
 * report.json: every suite's BenchResult from one `bench all` run, with
 * when and where it ran. Its rows are the stable row formats of
 * bench/row.ts, so two reports from different days compare figure by figure.
 */
import { readFile } from 'node:fs/promises';
import type { MachineInfo } from '../machine.ts';
import type { BenchResult, BenchRow, CodecRow, LlmRow, LoadRow, PersistRow } from '../row.ts';
import type { ProductionRow } from '../suites/production.ts';

/** The suites, in the order they run and appear in the report. */
export const SUITE_NAMES = [
  'sim',
  'scaling',
  'realtime',
  'codec',
  'load',
  'persist',
  'llm',
  'production',
] as const;
/** A suite's name, as `bench <suite>` takes it. */
export type SuiteName = (typeof SUITE_NAMES)[number];

/** Each suite's row format (bench/row.ts). */
export interface RowOf {
  readonly sim: BenchRow;
  readonly scaling: BenchRow;
  readonly realtime: BenchRow;
  readonly codec: CodecRow;
  readonly load: LoadRow;
  readonly persist: PersistRow;
  readonly llm: LlmRow;
  readonly production: ProductionRow;
}

/**
 * One suite's BenchResult as the report keeps it. `realtime` and `load`
 * run at a few sizes: their rows are one per size and their ratios are
 * named `<ratio>@<size>`. A suite that could not run has no rows and says
 * why in `skipped`.
 */
export interface SuiteReport<N extends SuiteName = SuiteName> extends BenchResult<RowOf[N]> {
  readonly suite: N;
  /** The sizes it ran at, in words ("players 10000, 1 s"). */
  readonly ranWith?: string;
  /** Wall-clock seconds the suite took. */
  readonly seconds?: number;
  /** Why the suite did not run at all. */
  readonly skipped?: string;
  /** What it left out though it ran (MySQL not reachable, one size failed). */
  readonly notes?: readonly string[];
  /** Its progress and warning lines (stderr), the last ones kept. */
  readonly log?: readonly string[];
}

/** The suites of a run; a suite not asked for is absent. */
export type SuiteReports = { readonly [N in SuiteName]?: SuiteReport<N> };

/** The whole document, report.json. */
export interface ReportDoc {
  readonly machine: MachineInfo;
  /** ISO 8601, when the first suite started. */
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Whether the run used --quick sizes (quick and full figures are not comparable). */
  readonly quick?: boolean;
  readonly suites: SuiteReports;
}

/** A suite's report from `suites` with its row type (TypeScript loses it through the mapped type's index). */
export function suiteOf<N extends SuiteName>(doc: ReportDoc, name: N): SuiteReport<N> | undefined {
  return doc.suites[name] as SuiteReport<N> | undefined;
}

/** A report file that cannot be read, or is not a report. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkResult(value: unknown, where: string): void {
  if (!isObject(value)) throw new ReportInputError(`${where}: not an object`);
  if (!Array.isArray(value.rows)) throw new ReportInputError(`${where}: no rows array`);
  if (!isObject(value.ratios)) throw new ReportInputError(`${where}: no ratios object`);
}

/**
 * A report from parsed JSON: a report.json, or one suite's `bench <suite>
 * --json` output (made into a report of that suite). Checks the outline
 * (machine, suites, rows and ratios), not every field of every row.
 */
export function toReportDoc(value: unknown, source: string): ReportDoc {
  if (!isObject(value)) throw new ReportInputError(`${source}: not a JSON object`);
  if (!isObject(value.machine)) throw new ReportInputError(`${source}: no machine`);
  const machine = value.machine as unknown as MachineInfo;
  if (typeof value.suite === 'string') {
    // One suite's --json document: {suite, machine, rows, ratios}.
    const name = value.suite;
    if (!(SUITE_NAMES as readonly string[]).includes(name))
      throw new ReportInputError(`${source}: unknown suite ${name}`);
    checkResult(value, source);
    return {
      machine,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'unknown',
      suites: { [name]: value } as SuiteReports,
    };
  }
  if (!isObject(value.suites))
    throw new ReportInputError(`${source}: no suites (neither report.json nor one suite's --json)`);
  for (const [name, result] of Object.entries(value.suites)) {
    if (!(SUITE_NAMES as readonly string[]).includes(name))
      throw new ReportInputError(`${source}: unknown suite ${name}`);
    checkResult(result, `${source}: suite ${name}`);
  }
  return value as unknown as ReportDoc;
}

/** Read and check a report (or one suite's --json output) from a file. */
export async function readReportDoc(file: string): Promise<ReportDoc> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ReportInputError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(`${file} is not JSON: ${(error as Error).message}`);
  }
  return toReportDoc(value, file);
}
