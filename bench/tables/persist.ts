/**
 * The `persist` suite's tables, one per kind of row: encodeHot, saveBatch
 * per batch size, whole-engine flushes, and the main thread during the
 * flush cycles.
 */
import type { PersistBatchRow, PersistEncodeRow, PersistFlushRow, PersistRow } from '../row.ts';
import { type Column, column, f2, int, kilo1, orDash, type TableSpec, table } from './table.ts';

const f2OrDash = orDash(f2);
/** Milliseconds shown as seconds, one decimal. */
const s1 = (ms: number) => (ms / 1000).toFixed(1);

export const PERSIST_ENCODE_COLUMNS: readonly Column<PersistEncodeRow>[] = [
  column('codec', (r) => r.codec),
  column('hot layout', (r) => int(r.hotLayout)),
  column('encode k rows/s', (r) => kilo1(r.rowsPerSec)),
  column('rows', (r) => int(r.rows)),
  column('mean hot B', (r) => int(r.meanHotBytes)),
];

export const PERSIST_BATCH_COLUMNS: readonly Column<PersistBatchRow>[] = [
  column('backend', (r) => r.backend),
  column('op', (r) => r.op),
  column('batch', (r) => int(r.batchSize)),
  column('table rows', (r) => int(r.tableRows)),
  column('rows', (r) => int(r.rows)),
  column('k rows/s', (r) => kilo1(r.rowsPerSec)),
  column('+encode k rows/s', (r) => kilo1(r.withEncodeRowsPerSec)),
  column('batch p50 ms', (r) => f2OrDash(r.batchP50Ms)),
  column('batch max ms', (r) => f2OrDash(r.batchMaxMs)),
];

/** What a flush ran under: the first columns of both flush tables. */
const FLUSH_SCENARIO: readonly Column<PersistFlushRow>[] = [
  column('backend', (r) => r.backend),
  column('op', (r) => r.op),
  column('ticks', (r) => r.ticking),
  column('speeds', (r) => r.speeds),
];

export const PERSIST_FLUSH_COLUMNS: readonly Column<PersistFlushRow>[] = [
  ...FLUSH_SCENARIO,
  column('rows', (r) => (r.rowsExisted ? 'upsert' : 'insert')),
  column('players', (r) => int(r.players)),
  column('flush s', (r) => f2(r.seconds)),
  column('k rows/s', (r) => kilo1(r.rowsPerSec)),
  column('chunks', (r) => int(r.chunks)),
  column('sync ms', (r) => f2OrDash(r.syncMs)),
  column('worker enc ms', (r) => r.workerEncodeMs.toFixed(0)),
  column('worker write ms', (r) => r.workerWriteMs.toFixed(0)),
  column('unflushed', (r) => int(r.unflushedAfter)),
  column('oldest unsaved p50 s', (r) => orDash(s1)(r.oldestUnsavedP50Ms)),
  column('oldest unsaved max s', (r) => orDash(s1)(r.oldestUnsavedMaxMs)),
];

/** The main thread during the cycles: the snapshot chunks, the writer's whole phase-2 hook, ticks. */
export const PERSIST_STALL_COLUMNS: readonly Column<PersistFlushRow>[] = [
  ...FLUSH_SCENARIO,
  column('stall p50 ms', (r) => f2OrDash(r.stallP50Ms)),
  column('stall p99 ms', (r) => f2OrDash(r.stallP99Ms)),
  column('stall max ms', (r) => f2OrDash(r.stallMaxMs)),
  column('stall GC ms', (r) => f2OrDash(r.stallGcMs)),
  column('phase2 p99 ms', (r) => f2OrDash(r.writerPhase2P99Ms)),
  column('phase2 max ms', (r) => f2OrDash(r.writerPhase2MaxMs)),
  column('no-flush phase2 p50 ms', (r) => f2OrDash(r.writerPhase2NoFlushP50Ms)),
  column('tick p99 ms', (r) => f2OrDash(r.tickP99Ms)),
  column('no-flush tick p99 ms', (r) => f2OrDash(r.tickP99NoFlushMs)),
];

const encodes = (rows: readonly PersistRow[]) =>
  rows.filter((r): r is PersistEncodeRow => r.kind === 'encode');
const batches = (rows: readonly PersistRow[]) =>
  rows.filter((r): r is PersistBatchRow => r.kind === 'batch');
const flushes = (rows: readonly PersistRow[]) =>
  rows.filter((r): r is PersistFlushRow => r.kind === 'flush');

export const PERSIST_TABLES: TableSpec<PersistRow> = {
  per: 'run',
  sections: [
    table(PERSIST_ENCODE_COLUMNS, encodes),
    table(PERSIST_BATCH_COLUMNS, batches),
    table(PERSIST_FLUSH_COLUMNS, flushes),
    table(PERSIST_STALL_COLUMNS, (rows) => flushes(rows).filter((r) => r.op === 'cycle')),
  ],
};
