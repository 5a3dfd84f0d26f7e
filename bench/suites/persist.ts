import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LeaseTable } from '../../src/fleet/lease-table.ts';
import { SHARD_COUNT } from '../../src/kit/shard-of.ts';
import { MysqlConnections } from '../../src/persistence/mysql-connections.ts';
import { MysqlRepository } from '../../src/persistence/mysql-repository.ts';
import { PlayerStore } from '../../src/persistence/player-store.ts';
import { SqliteRepository } from '../../src/persistence/sqlite-repository.ts';
import { batchRuns } from '../persist/batches.ts';
import {
  Cleanups,
  createDatabase,
  log,
  type PersistSuiteOptions,
  percentile,
} from '../persist/common.ts';
import { buildFixture, measureEncode } from '../persist/fixture.ts';
import { flushRuns } from '../persist/flush-runs.ts';
import type { PersistRow } from '../row.ts';

export type { PersistSuiteOptions } from '../persist/common.ts';

/** The targets, reported against, never assumed. */
export const TARGETS = { sqliteRowsPerSec: 250_000, mysqlRowsPerSec: 100_000, stallP99Ms: 5 };

// -- the suite ------------------------------------------------------------------------------

/**
 * Suite `persist`: rows a second into SQLite and MySQL through the real
 * repositories at each batch size (first inserts and steady-state upserts),
 * encodeHot's own rate, and the time to save every player of a populated
 * engine through the writer and persistence worker, with the main-thread
 * stall of each snapshot chunk.
 */
export async function persistSuite(options: PersistSuiteOptions) {
  for (const size of options.batchSizes) {
    if (size > options.players)
      throw new Error(`persist: batch ${size} exceeds ${options.players} players`);
  }
  const cleanups = new Cleanups();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanups.runAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lifetick-persist-'));
    cleanups.defer(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));

    log(`building ${options.players} players`);
    const fx = buildFixture(options.players, options.seed);
    const encode = measureEncode(fx, options.seconds, 'raw');
    const msgpack = measureEncode(fx, options.seconds, 'msgpack');
    log(
      `hot rows: raw ${Math.round(encode.rowsPerSec)} rows/s (${encode.meanHotBytes} B), msgpack ${Math.round(msgpack.rowsPerSec)} rows/s (${msgpack.meanHotBytes} B)`,
    );
    const rows: PersistRow[] = [encode, msgpack];
    const allStalls: number[] = [];

    // SQLite, a file of its own for each part.
    {
      const repo = new SqliteRepository(path.join(dir, 'batch.db'));
      const close = cleanups.defer('sqlite batch repository', () => repo.close());
      rows.push(...(await batchRuns(repo, fx, options, encode.rowsPerSec)));
      await close();
    }
    rows.push(
      ...(await flushRuns(
        'sqlite',
        () => PlayerStore.open({ databaseUrl: undefined, dataDir: path.join(dir, 'flush') }),
        options,
        cleanups,
        allStalls,
      )),
    );

    // MySQL, a database of its own for each part.
    const batchDb = await createDatabase(options.mysqlUrl, cleanups);
    if (batchDb) {
      const repo = new MysqlRepository({ url: batchDb.url });
      const close = cleanups.defer('mysql batch repository', () => repo.close());
      await repo.migrate();
      rows.push(...(await batchRuns(repo, fx, options, encode.rowsPerSec)));
      await close();
      await batchDb.drop();
      const flushDb = await createDatabase(options.mysqlUrl, cleanups);
      if (flushDb) {
        rows.push(
          ...(await flushRuns(
            'mysql',
            () => PlayerStore.open({ databaseUrl: flushDb.url, dataDir: dir }),
            options,
            cleanups,
            allStalls,
          )),
        );
        await flushDb.drop();
      }
      // The same runs with fleet mode's fence, side by side with the ones
      // above: what checking and bumping the lease rows costs every write.
      const fencedDb = await createDatabase(options.mysqlUrl, cleanups);
      if (fencedDb) {
        rows.push(
          ...(await flushRuns(
            'mysql-fenced',
            () => openFencedStore(fencedDb.url, dir, cleanups),
            options,
            cleanups,
            allStalls,
          )),
        );
        await fencedDb.drop();
      }
    }
    return { rows, ratios: ratios(rows, allStalls) };
  } finally {
    await cleanups.runAll();
    // Work cut off by the clean-up fails here; the signal decides the exit.
    if (interrupted) process.exit(130);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

// Longer than any run of the suite: the bench's leases must not expire
// mid-run (nothing renews them), or the fence would refuse its writes.
const BENCH_LEASE_TTL_MS = 3_600_000;

/**
 * A MySQL PlayerStore fenced as a fleet process's is: every shard leased
 * to one owner (through the real lease table), and the store's Fence
 * answering each shard's epoch, so every write runs the fence check.
 */
async function openFencedStore(
  url: string,
  dataDir: string,
  cleanups: Cleanups,
): Promise<PlayerStore> {
  const owner = 'bench';
  const epochs = new Map<number, number>();
  const store = await PlayerStore.open({
    databaseUrl: url,
    dataDir,
    fence: { owner, epochOf: (shard) => epochs.get(shard) },
  });
  const db = new MysqlConnections({ url, connectionLimit: 1 });
  const closeDb = cleanups.defer('mysql lease connections', () => db.close());
  const table = new LeaseTable(db);
  await table.seed();
  const shards = Array.from({ length: SHARD_COUNT }, (_, shard) => shard);
  for (const held of await table.acquire(owner, shards, BENCH_LEASE_TTL_MS)) {
    epochs.set(held.shard, held.epoch);
  }
  await closeDb();
  if (epochs.size !== SHARD_COUNT)
    throw new Error(`persist: leased ${epochs.size} of ${SHARD_COUNT} shards for the fenced run`);
  return store;
}

/**
 * Headline figures. Names with "Over" are ratios (printed with x); the
 * others are values in the unit their name gives. stallP99Ms and stallMaxMs
 * are over every snapshot chunk of every cycle, both backends together (a
 * row's own p99 rests on its 50 or so chunks, which makes it its max).
 */
function ratios(rows: readonly PersistRow[], stalls: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    if (r.kind === 'encode') out[`${r.codec}EncodeRowsPerSec`] = r.rowsPerSec;
    if (r.kind === 'batch' && r.op === 'upsert')
      out[`${r.backend}RowsPerSec@${r.batchSize}`] = r.rowsPerSec;
  }
  for (const r of rows) {
    if (r.kind !== 'flush') continue;
    if (r.op === 'steady') {
      // The targets are end to end: the writer's own rate in the steady state.
      const target = r.backend === 'sqlite' ? TARGETS.sqliteRowsPerSec : TARGETS.mysqlRowsPerSec;
      out[`${r.backend}SteadyRowsPerSec`] = r.rowsPerSec;
      out[`${r.backend}SteadyOverTarget`] = r.rowsPerSec / target;
      out[`${r.backend}OldestUnsavedMaxMs`] = r.oldestUnsavedMaxMs ?? 0;
    } else if (r.op === 'cycle') {
      if (r.ticking === '20Hz' && r.speeds === 'paused')
        out[`${r.backend}FlushSeconds`] = r.seconds;
    } else if (r.rowsExisted) {
      out[`${r.backend}FlushAllSeconds`] = r.seconds;
      out[`${r.backend}FlushAllSyncMs`] = r.syncMs ?? 0;
    }
  }
  if (out['mysql-fencedSteadyRowsPerSec'] !== undefined && out.mysqlSteadyRowsPerSec)
    out.fencedSteadyOverUnfenced = out['mysql-fencedSteadyRowsPerSec'] / out.mysqlSteadyRowsPerSec;
  const sorted = [...stalls].sort((a, b) => a - b);
  const stallP99 = percentile(sorted, 99);
  out.stallChunks = sorted.length;
  out.stallP99Ms = stallP99;
  out.stallMaxMs = sorted.at(-1) ?? 0;
  out.stallP99OverTarget = stallP99 / TARGETS.stallP99Ms;
  return out;
}
