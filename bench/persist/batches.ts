import type { PlayerRecord, PlayerRepository } from '../../src/persistence/repository.ts';
import type { PersistBatchRow } from '../row.ts';
import { log, type PersistSuiteOptions, percentile } from './common.ts';
import type { Fixture } from './fixture.ts';

/**
 * saveBatch back to back. `next` gives the player indices of the next batch
 * (undefined: done). Each record carries a newer version than the stored
 * one, so every row is written; a short count fails the suite.
 */
export async function timeBatches(
  repo: PlayerRepository,
  fx: Fixture,
  versions: Float64Array,
  next: (batches: number, ms: number) => number[] | undefined,
): Promise<{ rows: number; ms: number; batchMs: number[] }> {
  const batchMs: number[] = [];
  let rows = 0;
  let ms = 0;
  for (;;) {
    const indices = next(batchMs.length, ms);
    if (!indices) break;
    const now = Date.now();
    const records: PlayerRecord[] = indices.map((i) => ({
      id: fx.ids[i]!,
      version: ++versions[i]!,
      updatedAt: now,
      hot: fx.hot[i]!,
      hotLayout: fx.hotLayout,
      // A player's first save carries their cold state; later ones, as the
      // writer sends them, only when it changed: here never.
      cold: versions[i] === 1 ? fx.cold : undefined,
    }));
    const started = performance.now();
    const written = await repo.saveBatch(records);
    const took = performance.now() - started;
    if (written !== records.length) {
      throw new Error(
        `persist: ${repo.kind} saveBatch wrote ${written} of ${records.length} rows with newer versions`,
      );
    }
    batchMs.push(took);
    ms += took;
    rows += written;
  }
  return { rows, ms, batchMs };
}

export function batchRow(
  backend: PersistBatchRow['backend'],
  op: PersistBatchRow['op'],
  batchSize: number,
  tableRows: number,
  encodeRowsPerSec: number,
  run: { rows: number; ms: number; batchMs: number[] },
): PersistBatchRow {
  const sorted = [...run.batchMs].sort((a, b) => a - b);
  const rowsPerSec = run.rows / (run.ms / 1000);
  return {
    kind: 'batch',
    backend,
    op,
    batchSize,
    rows: run.rows,
    seconds: run.ms / 1000,
    rowsPerSec,
    withEncodeRowsPerSec: 1 / (1 / rowsPerSec + 1 / encodeRowsPerSec),
    batchP50Ms: percentile(sorted, 50),
    batchMaxMs: sorted.at(-1) ?? 0,
    tableRows,
  };
}

/**
 * First inserts: the players split into one share per batch size, each share
 * inserted at its size into the growing table. Then upserts over the full
 * table at each size, cycling through the players in order, for `seconds`
 * of saveBatch time (3 batches at least) after one untimed batch.
 */
export async function batchRuns(
  repo: PlayerRepository,
  fx: Fixture,
  options: PersistSuiteOptions,
  encodeRowsPerSec: number,
): Promise<PersistBatchRow[]> {
  const backend = repo.kind;
  const n = fx.ids.length;
  const versions = new Float64Array(n);
  const rows: PersistBatchRow[] = [];
  const share = Math.floor(n / options.batchSizes.length);
  let inserted = 0;
  for (let k = 0; k < options.batchSizes.length; k++) {
    const size = options.batchSizes[k]!;
    const end = k === options.batchSizes.length - 1 ? n : inserted + share;
    const tableRows = inserted;
    let at = inserted;
    const run = await timeBatches(repo, fx, versions, () => {
      if (at >= end) return undefined;
      const indices: number[] = [];
      for (let i = at; i < Math.min(end, at + size); i++) indices.push(i);
      at += indices.length;
      return indices;
    });
    inserted = end;
    rows.push(batchRow(backend, 'insert', size, tableRows, encodeRowsPerSec, run));
    log(`${backend} insert @${size}: ${Math.round(rows.at(-1)!.rowsPerSec)} rows/s`);
  }

  let cursor = 0;
  const take = (size: number): number[] => {
    const indices: number[] = [];
    for (let j = 0; j < size; j++) indices.push((cursor + j) % n);
    cursor = (cursor + size) % n;
    return indices;
  };
  for (const size of options.batchSizes) {
    await timeBatches(repo, fx, versions, (batches) => (batches === 0 ? take(size) : undefined));
    const run = await timeBatches(repo, fx, versions, (batches, ms) =>
      batches >= 3 && ms >= options.seconds * 1000 ? undefined : take(size),
    );
    rows.push(batchRow(backend, 'upsert', size, n, encodeRowsPerSec, run));
    log(`${backend} upsert @${size}: ${Math.round(rows.at(-1)!.rowsPerSec)} rows/s`);
  }
  return rows;
}
