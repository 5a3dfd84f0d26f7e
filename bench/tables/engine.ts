/** The tables of the suites whose rows are BenchRow: sim, scaling and realtime. */
import type { BenchRow } from '../row.ts';
import { allRows, type Column, column, f2, int, orDash, type TableSpec, table } from './table.ts';

export const BENCH_ROW_COLUMNS: readonly Column<BenchRow>[] = [
  column('engine', (r) => r.engine),
  column('workers', (r) => int(r.workers)),
  column('players', (r) => int(r.players)),
  column('Mminutes/s', (r) => (r.playerMinutesPerSec / 1e6).toFixed(2)),
  column('tick p50 ms', (r) => f2(r.tickP50Ms)),
  column('tick p99 ms', (r) => f2(r.tickP99Ms)),
  column('tick max ms', (r) => orDash(f2)(r.tickMaxMs)),
  column('ticks', (r) => int(r.ticks)),
  column('start', (r) => r.start ?? '-'),
  column('B/player', (r) => int(r.bytesPerPlayer)),
  column('RSS MB', (r) => orDash(int)(r.rssMB)),
  column('late', (r) => orDash(int)(r.lateTicks)),
];

/** One line per engine run. */
export const ENGINE_TABLES: TableSpec<BenchRow> = {
  per: 'run',
  sections: [table(BENCH_ROW_COLUMNS, allRows)],
};
