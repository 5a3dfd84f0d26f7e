/**
 * The plain output of a suite's result, for people: the machine it ran on,
 * its rows as tables (its TableSpec in the registry), then its ratios.
 */

import { SUITES } from './registry.ts';
import type { RowOf, SuiteName, SuiteReport } from './report/doc.ts';
import type { BenchResult } from './row.ts';
import { renderRows, type TableSpec } from './tables/table.ts';

/** "Over" ratios with x; other figures as values (rates and counts whole, the rest to two places). */
export function formatRatio(name: string, value: number): string {
  if (name.includes('Over')) return `${value.toFixed(2)}x`;
  return name.includes('PerSec') || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(2);
}

/** A suite's rows as its tables. */
export function renderSuiteRows<N extends SuiteName>(suite: N, rows: readonly RowOf[N][]): string {
  // SUITES[suite] is that suite's own entry, which indexing by a type parameter cannot say.
  const tables = SUITES[suite].tables as TableSpec<RowOf[N]>;
  return renderRows(tables, rows);
}

/** Print one suite's result: the machine, the tables, the ratios. */
export function printResult<N extends SuiteName>(
  suite: N,
  doc: Pick<BenchResult<RowOf[N]>, 'machine' | 'rows' | 'ratios'>,
): void {
  const m = doc.machine;
  const load = m.loadAvg1 === undefined ? '' : `, load ${m.loadAvg1.toFixed(2)} at start`;
  console.log(
    `suite ${suite} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}${load}\n`,
  );
  console.log(renderSuiteRows(suite, doc.rows));
  const ratios = Object.entries(doc.ratios);
  if (ratios.length > 0) console.log('');
  for (const [name, ratio] of ratios) console.log(`${name}: ${formatRatio(name, ratio)}`);
}

/** `bench all` without --report or --json: each suite's tables as it finishes. */
export function printSuiteReport(report: SuiteReport): void {
  if (report.skipped !== undefined) {
    console.log(`suite ${report.suite} skipped: ${report.skipped}\n`);
    return;
  }
  printResult(report.suite, report);
  for (const note of report.notes ?? []) console.log(`note: ${note}`);
  console.log('');
}
