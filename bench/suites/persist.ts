import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { pino } from 'pino';
import { Engine } from '../../src/engine/engine.ts';
import { populate, standardLife, standardSpeed } from '../../src/engine/population.ts';
import { TickStats } from '../../src/engine/tick-stats.ts';
import { HOT_LAYOUT, MSGPACK_LAYOUT } from '../../src/persistence/hot-layout.ts';
import { MysqlRepository } from '../../src/persistence/mysql-repository.ts';
import { PlayerStore } from '../../src/persistence/player-store.ts';
import { blockBytes, blocksToRows, copySlotsToBlocks } from '../../src/persistence/raw-rows.ts';
import type { PlayerRecord, PlayerRepository } from '../../src/persistence/repository.ts';
import {
  copySlotToRow,
  encodeCold,
  encodeHot,
  ROW_STRIDE,
} from '../../src/persistence/row-codec.ts';
import { SqliteRepository } from '../../src/persistence/sqlite-repository.ts';
import type { SaveOutcome } from '../../src/persistence/store-messages.ts';
import { WriteBehindWriter } from '../../src/persistence/writer.ts';
import { createLife } from '../../src/sim/birth.ts';
import { WorldStore } from '../../src/world/store.ts';
import type { PersistBatchRow, PersistEncodeRow, PersistFlushRow, PersistRow } from '../row.ts';

export interface PersistSuiteOptions {
  /** Rows in the table for the batch runs, and players in the flush runs. */
  readonly players: number;
  readonly batchSizes: readonly number[];
  /** Time inside saveBatch per upsert measurement (and the encode measurement). */
  readonly seconds: number;
  /** Engine worker threads in the flush runs. */
  readonly workers: number;
  readonly seed: number;
  /** MySQL/MariaDB server, without a database: the suite creates its own and drops it. */
  readonly mysqlUrl: string;
}

/** The issue's targets, reported against, never assumed. */
export const TARGETS = { sqliteRowsPerSec: 250_000, mysqlRowsPerSec: 100_000, stallP99Ms: 5 };

/** A flush that has not finished in this time failed (the writer retries forever). */
const FLUSH_TIMEOUT_MS = 180_000;
/** The writer's chunk size when none is given (writer.ts); reported in every flush row. */
const WRITER_BATCH = 20_000;

const log = (line: string) => process.stderr.write(`persist: ${line}\n`);

// -- clean-up ------------------------------------------------------------------------------

/**
 * What to undo, newest first: run at the end, on failure, and on SIGINT or
 * SIGTERM, so no temp file, database or worker outlives the suite.
 */
class Cleanups {
  readonly #steps: { name: string; run: () => unknown }[] = [];

  /** Register `run`; the returned function runs it now (once) and forgets it. */
  defer(name: string, run: () => unknown): () => Promise<void> {
    const step = { name, run };
    this.#steps.push(step);
    return async () => {
      const i = this.#steps.indexOf(step);
      if (i < 0) return;
      this.#steps.splice(i, 1);
      await step.run();
    };
  }

  #draining: Promise<void> | undefined;

  /** Run every step; a second caller meanwhile waits for the same run. */
  runAll(): Promise<void> {
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#steps.length > 0) {
      const step = this.#steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        log(`clean-up "${step.name}" failed: ${(error as Error).message}`);
      }
    }
  }
}

// -- players --------------------------------------------------------------------------------

interface Fixture {
  readonly ids: string[];
  /** One raw hot row per player (hot-layout.ts), as the persistence worker writes it. */
  readonly hot: Uint8Array[];
  readonly hotLayout: number;
  /** Every player's row (ROW_STRIDE numbers each), for the MessagePack comparison. */
  readonly rows: Float64Array;
  /** The players' columns, for timing the raw copy. */
  readonly world: WorldStore;
  readonly cold: Uint8Array;
}

// Players per chunk when timing the raw copy: the writer's default batch.
const CODEC_CHUNK = 20_000;

/** Lives spread over every age, as populate() makes them, copied out as the writer does. */
function buildFixture(players: number, seed: number): Fixture {
  const world = new WorldStore({ capacity: players, maxCapacity: players });
  const rows = new Float64Array(players * ROW_STRIDE);
  const ids: string[] = [];
  const slots: number[] = [];
  for (let player = 0; player < players; player++) {
    const slot = world.resolve(world.allocate());
    createLife(world.columns, slot, standardLife(seed, player));
    copySlotToRow(world.columns, slot, rows, player);
    ids.push(`p${player}`);
    slots.push(slot);
  }
  const blocks = new ArrayBuffer(blockBytes(players));
  copySlotsToBlocks(world.columns, slots, players, blocks);
  const raw = blocksToRows(blocks, players);
  const hot: Uint8Array[] = [];
  const rowBytes = HOT_LAYOUT.rowBytes;
  for (let r = 0; r < players; r++) hot.push(raw.subarray(r * rowBytes, (r + 1) * rowBytes));
  return { ids, hot, hotLayout: HOT_LAYOUT.id, rows, world, cold: encodeCold({}) };
}

/**
 * One core's rate of turning players' state into the bytes a row holds:
 * "raw", the writer's path (the column copy of phase 2 plus the worker's
 * blocksToRows, in chunks of CODEC_CHUNK consecutive slots), or "msgpack",
 * encodeHot of the Float64 row as before migration 5 (the copy into that
 * row not counted).
 */
function measureEncode(fx: Fixture, seconds: number, codec: 'raw' | 'msgpack'): PersistEncodeRow {
  const n = fx.ids.length;
  let rows = 0;
  let bytes = 0;
  const slots = Array.from({ length: Math.min(n, CODEC_CHUNK) }, (_, i) => i);
  const started = performance.now();
  do {
    if (codec === 'msgpack') {
      for (let r = 0; r < n; r++) bytes += encodeHot(fx.rows, r).byteLength;
    } else {
      for (let at = 0; at < n; at += CODEC_CHUNK) {
        const k = Math.min(CODEC_CHUNK, n - at);
        for (let i = 0; i < k; i++) slots[i] = at + i;
        const blocks = new ArrayBuffer(blockBytes(k));
        copySlotsToBlocks(fx.world.columns, slots, k, blocks);
        bytes += blocksToRows(blocks, k).byteLength;
      }
    }
    rows += n;
  } while (performance.now() - started < seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  return {
    kind: 'encode',
    codec,
    hotLayout: codec === 'raw' ? HOT_LAYOUT.id : MSGPACK_LAYOUT,
    rows,
    seconds: elapsed,
    rowsPerSec: rows / elapsed,
    meanHotBytes: Math.round(bytes / rows),
  };
}

// -- saveBatch throughput -------------------------------------------------------------------

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * saveBatch back to back. `next` gives the player indices of the next batch
 * (undefined: done). Each record carries a newer version than the stored
 * one, so every row is written; a short count fails the suite.
 */
async function timeBatches(
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
      cold: fx.cold,
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

function batchRow(
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
async function batchRuns(
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

// -- flushing a populated engine ------------------------------------------------------------

/**
 * Counts what the persistence worker reports for every save, and tells when
 * the saves since `expect()` have written `target` rows.
 */
class SaveTap {
  written = 0;
  chunks = 0;
  encodeMs = 0;
  writeMs = 0;
  #target = Number.POSITIVE_INFINITY;
  #onReached: (() => void) | undefined;
  #resolve: ((at: number) => void) | undefined;
  #reject: ((error: Error) => void) | undefined;

  /** Resolves with the time the save that completed `target` rows answered. */
  expect(target: number, onReached?: () => void): Promise<number> {
    this.written = 0;
    this.chunks = 0;
    this.encodeMs = 0;
    this.writeMs = 0;
    this.#target = target;
    this.#onReached = onReached;
    return new Promise<number>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  saved(outcome: SaveOutcome): void {
    const at = performance.now();
    this.written += outcome.written;
    this.chunks++;
    this.encodeMs += outcome.encodeMs;
    this.writeMs += outcome.writeMs;
    if (this.written >= this.#target && this.#resolve) {
      this.#onReached?.();
      this.#resolve(at);
      this.#resolve = undefined;
      this.#reject = undefined;
    }
  }

  /** A save failed: the measurement fails at once instead of waiting out the writer's retries. */
  failed(error: unknown): void {
    this.#reject?.(error instanceof Error ? error : new Error(String(error)));
    this.#resolve = undefined;
    this.#reject = undefined;
  }
}

/** Watch every save the writer makes, through the store it was given. */
function tapSaves(store: PlayerStore, tap: SaveTap): void {
  const save = store.save.bind(store);
  store.save = async (ids, versions, updatedAt, blocks, coldAt, colds) => {
    try {
      const outcome = await save(ids, versions, updatedAt, blocks, coldAt, colds);
      tap.saved(outcome);
      return outcome;
    } catch (error) {
      tap.failed(error);
      throw error;
    }
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message())), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

interface FlushContext {
  readonly backend: PersistFlushRow['backend'];
  readonly engine: Engine;
  readonly writer: WriteBehindWriter;
  readonly tap: SaveTap;
  readonly slots: readonly number[];
  readonly workers: number;
  /** Every snapshot chunk (the writer's onStall): when it ended and its main-thread time, since the last clear. */
  readonly stalls: { end: number; ms: number }[];
  /** Every snapshot chunk's main-thread time over every cycle of the suite. */
  readonly allStalls: number[];
  /** The writer's whole phase-2 hook per tick (dirty-mask scan, and a chunk when one is due). */
  readonly writerHook: TickStats;
  /** Main-thread GC pauses since the engine was populated. */
  readonly gcs: { start: number; ms: number }[];
}

function flushBase(ctx: FlushContext) {
  return {
    kind: 'flush' as const,
    backend: ctx.backend,
    players: ctx.slots.length,
    engineWorkers: ctx.workers,
    writerBatchSize: WRITER_BATCH,
  };
}

function setSpeeds(ctx: FlushContext, speeds: PersistFlushRow['speeds']): void {
  const speed = ctx.engine.world.columns.speed;
  ctx.slots.forEach((slot, player) => {
    speed[slot] = speeds === 'paused' ? 0 : standardSpeed(player);
  });
}

/** Ticks (at 20 Hz, or back to back) until `until` settles; a failed tick fails it. */
async function tickUntil<T>(
  engine: Engine,
  ticking: '20Hz' | 'free',
  until: Promise<T>,
): Promise<T> {
  if (ticking === '20Hz') {
    engine.start();
    try {
      return await until;
    } finally {
      await engine.stop();
    }
  }
  let running = true;
  const loop = (async () => {
    while (running) await engine.tick();
  })();
  try {
    return await Promise.race([
      until,
      loop.then(() => Promise.reject(new Error('persist: ticks stopped'))),
    ]);
  } finally {
    running = false;
    await loop;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Ticks with no flush running, before each cycle: what its tick p99 is compared with. */
const NO_FLUSH_MS = 2500;

/**
 * One periodic flush of every player, ticks running. First NO_FLUSH_MS of
 * the same ticks with the writer stopped (the reference tick p99). Then the
 * writer starts with a 1 ms interval, so its cycle begins on the first timer
 * turn; it is stopped when the cycle's last save answers, so no second
 * cycle begins.
 */
async function flushCycle(
  ctx: FlushContext,
  ticking: '20Hz' | 'free',
  speeds: PersistFlushRow['speeds'],
): Promise<PersistFlushRow> {
  const { engine, writer, tap } = ctx;
  setSpeeds(ctx, speeds);
  engine.stats.reset();
  ctx.writerHook.reset();
  await tickUntil(engine, ticking, sleep(NO_FLUSH_MS));
  const tickNoFlush = engine.stats.summary('total');
  const hookNoFlush = ctx.writerHook.summary('total');

  for (const slot of ctx.slots) writer.noteChange(slot);
  writer.stall.reset();
  ctx.stalls.length = 0;
  engine.stats.reset();
  ctx.writerHook.reset();
  const firstTick = engine.tickNumber;
  const reached = tap.expect(ctx.slots.length, () => writer.stop());
  const started = performance.now();
  writer.start();
  let ended: number;
  try {
    ended = await tickUntil(
      engine,
      ticking,
      withTimeout(
        reached,
        FLUSH_TIMEOUT_MS,
        () =>
          `persist: ${ctx.backend} flush of ${ctx.slots.length} players did not finish in ${FLUSH_TIMEOUT_MS / 1000} s (${tap.written} rows written; ${JSON.stringify(writer.status())})`,
      ),
    );
  } finally {
    writer.stop();
  }
  const seconds = (ended - started) / 1000;
  // GC entries arrive after the fact; give the observer a turn.
  await sleep(20);
  const gcInChunk = ({ end, ms }: { end: number; ms: number }) => {
    let inside = 0;
    for (const g of ctx.gcs) {
      inside += Math.max(0, Math.min(end, g.start + g.ms) - Math.max(end - ms, g.start));
    }
    return inside;
  };
  const stall = writer.stall.summary('total');
  const hook = ctx.writerHook.summary('total');
  const tick = engine.stats.summary('total');
  const row: PersistFlushRow = {
    ...flushBase(ctx),
    op: 'cycle',
    ticking,
    speeds,
    rowsExisted: true,
    seconds,
    rowsWritten: tap.written,
    rowsPerSec: tap.written / seconds,
    chunks: tap.chunks,
    stallP50Ms: stall.p50Ms,
    stallP99Ms: stall.p99Ms,
    stallMaxMs: stall.maxMs,
    stallGcMs: ctx.stalls.reduce((sum, chunk) => sum + gcInChunk(chunk), 0),
    writerPhase2P99Ms: hook.p99Ms,
    writerPhase2MaxMs: hook.maxMs,
    writerPhase2NoFlushP50Ms: hookNoFlush.p50Ms,
    workerEncodeMs: tap.encodeMs,
    workerWriteMs: tap.writeMs,
    ticks: engine.tickNumber - firstTick,
    tickP99Ms: tick.p99Ms,
    tickP99NoFlushMs: tickNoFlush.p99Ms,
    unflushedAfter: writer.status().unflushed,
  };
  if (speeds === 'paused' && row.unflushedAfter !== 0) {
    throw new Error(
      `persist: ${row.unflushedAfter} players still unflushed after a paused flush of ${ctx.backend}`,
    );
  }
  const worst = [...ctx.stalls].sort((a, b) => b.ms - a.ms).slice(0, 3);
  log(
    `${ctx.backend} cycle ${ticking} ${speeds}: ${seconds.toFixed(2)} s, stall p99 ${row.stallP99Ms!.toFixed(2)} ms; worst chunks (of which GC) ${worst.map((c) => `${c.ms.toFixed(2)} (${gcInChunk(c).toFixed(2)})`).join(', ')} ms`,
  );
  ctx.allStalls.push(...ctx.stalls.map((c) => c.ms));
  return row;
}

/** The shutdown path: every player dirty, ticks stopped, writer.flushAll(). */
async function flushAll(ctx: FlushContext, rowsExisted: boolean): Promise<PersistFlushRow> {
  const { writer, tap } = ctx;
  setSpeeds(ctx, 'paused');
  for (const slot of ctx.slots) writer.noteChange(slot);
  const reached = tap.expect(ctx.slots.length);
  // flushAll rejects when a save fails; `reached` then never settles.
  reached.catch(() => {});
  const started = performance.now();
  const flushing = writer.flushAll();
  const syncMs = performance.now() - started;
  await withTimeout(
    flushing,
    FLUSH_TIMEOUT_MS,
    () => `persist: ${ctx.backend} flushAll did not finish in ${FLUSH_TIMEOUT_MS / 1000} s`,
  );
  const seconds = (performance.now() - started) / 1000;
  const row: PersistFlushRow = {
    ...flushBase(ctx),
    op: 'flushAll',
    ticking: 'stopped',
    speeds: 'paused',
    rowsExisted,
    seconds,
    rowsWritten: tap.written,
    rowsPerSec: tap.written / seconds,
    chunks: tap.chunks,
    syncMs,
    workerEncodeMs: tap.encodeMs,
    workerWriteMs: tap.writeMs,
    unflushedAfter: writer.status().unflushed,
  };
  if (row.rowsWritten !== ctx.slots.length || row.unflushedAfter !== 0) {
    throw new Error(
      `persist: ${ctx.backend} flushAll wrote ${row.rowsWritten} of ${ctx.slots.length} rows, ${row.unflushedAfter} unflushed`,
    );
  }
  log(`${ctx.backend} flushAll (${rowsExisted ? 'upsert' : 'insert'}): ${seconds.toFixed(2)} s`);
  return row;
}

/**
 * A populated engine saved through the real writer and persistence worker:
 * the players' first save (flushAll into the empty table), then with every
 * player marked dirty each time: a cycle at 20 Hz and one with ticks back to
 * back, speeds paused; a cycle at 20 Hz on the speed mix; flushAll again.
 */
async function flushRuns(
  backend: PersistFlushRow['backend'],
  open: () => Promise<PlayerStore>,
  options: PersistSuiteOptions,
  cleanups: Cleanups,
  allStalls: number[],
): Promise<PersistFlushRow[]> {
  const engine = new Engine({
    capacity: options.players,
    workers: options.workers,
    tickHz: 20,
  });
  const closeEngine = cleanups.defer(`${backend} engine`, () => engine.close());
  const store = await open();
  const closeStore = cleanups.defer(`${backend} store`, () => store.close());
  const logger = pino({ level: 'warn', base: { bench: 'persist' } }, pino.destination(2));
  const stalls: { end: number; ms: number }[] = [];
  // Publishers run in the order added: these two bracket the writer's own.
  const writerHook = new TickStats();
  let hookStarted = 0;
  engine.onPublish(() => {
    hookStarted = performance.now();
  });
  const writer = new WriteBehindWriter({
    source: engine.world,
    store,
    logger,
    flushMs: 1,
    onStall: (ms) => stalls.push({ end: performance.now(), ms }),
  });
  engine.onPublish(() => writer.phase2());
  engine.onPublish(() => writerHook.record('total', performance.now() - hookStarted));
  cleanups.defer(`${backend} writer`, () => writer.stop());
  const tap = new SaveTap();
  tapSaves(store, tap);
  engine.onTickError((error) => tap.failed(error));

  const handles = populate(engine, { players: options.players, seed: options.seed });
  const slots = handles.map((h) => engine.slotOf(h));
  slots.forEach((slot, player) => {
    writer.track(slot, `p${player}`, 0);
  });
  const gcs: { start: number; ms: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const stopGcObserver = cleanups.defer(`${backend} gc observer`, () => gcObserver.disconnect());
  const ctx: FlushContext = {
    backend,
    engine,
    writer,
    tap,
    slots,
    workers: options.workers,
    stalls,
    writerHook,
    gcs,
    allStalls,
  };
  setSpeeds(ctx, 'paused');
  // One tick, so the writer has read every new life's dirty mask.
  await engine.tick();

  const rows: PersistFlushRow[] = [];
  rows.push(await flushAll(ctx, false));
  rows.push(await flushCycle(ctx, '20Hz', 'paused'));
  rows.push(await flushCycle(ctx, 'free', 'paused'));
  rows.push(await flushCycle(ctx, '20Hz', 'mix'));
  rows.push(await flushAll(ctx, true));
  writer.stop();
  await stopGcObserver();
  await closeStore();
  await closeEngine();
  return rows;
}

// -- MySQL ----------------------------------------------------------------------------------

/** A new database `lifetick_bench_<pid>_<hex>` on the server, or undefined when none answers. */
async function createDatabase(
  adminUrl: string,
  cleanups: Cleanups,
): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const name = `lifetick_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  let admin: mysql.Connection;
  try {
    admin = await mysql.createConnection({ uri: adminUrl, connectTimeout: 3000 });
  } catch (error) {
    log(`no MySQL at ${adminUrl} (${(error as Error).message}): MySQL rows skipped`);
    return undefined;
  }
  try {
    await admin.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await admin.end();
  }
  const drop = cleanups.defer(`drop database ${name}`, async () => {
    const c = await mysql.createConnection({ uri: adminUrl, connectTimeout: 3000 });
    try {
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    } finally {
      await c.end();
    }
  });
  return { url: `${adminUrl.replace(/\/+$/, '')}/${name}`, drop };
}

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
  const sqlite = out['sqliteRowsPerSec@2000'];
  const mysqlRate = out['mysqlRowsPerSec@2000'];
  if (sqlite !== undefined) out['sqliteOverTarget@2000'] = sqlite / TARGETS.sqliteRowsPerSec;
  if (mysqlRate !== undefined) out['mysqlOverTarget@2000'] = mysqlRate / TARGETS.mysqlRowsPerSec;
  for (const r of rows) {
    if (r.kind !== 'flush') continue;
    if (r.op === 'cycle') {
      if (r.ticking === '20Hz' && r.speeds === 'paused')
        out[`${r.backend}FlushSeconds`] = r.seconds;
    } else if (r.rowsExisted) {
      out[`${r.backend}FlushAllSeconds`] = r.seconds;
      out[`${r.backend}FlushAllSyncMs`] = r.syncMs ?? 0;
    }
  }
  const sorted = [...stalls].sort((a, b) => a - b);
  const stallP99 = percentile(sorted, 99);
  out.stallChunks = sorted.length;
  out.stallP99Ms = stallP99;
  out.stallMaxMs = sorted.at(-1) ?? 0;
  out.stallP99OverTarget = stallP99 / TARGETS.stallP99Ms;
  return out;
}
