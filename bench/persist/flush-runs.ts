import { PerformanceObserver } from 'node:perf_hooks';
import { pino } from 'pino';
import { Engine } from '../../src/engine/engine.ts';
import { populate } from '../../src/engine/population.ts';
import { TickStats } from '../../src/engine/tick-stats.ts';
import type { PlayerStore } from '../../src/persistence/player-store.ts';
import { WriteBehindWriter } from '../../src/persistence/writer.ts';
import type { PersistFlushRow } from '../row.ts';
import {
  type Cleanups,
  FLUSH_TIMEOUT_MS,
  log,
  type PersistSuiteOptions,
  sleep,
  withTimeout,
} from './common.ts';
import {
  type FlushContext,
  flushBase,
  SaveTap,
  setSpeeds,
  tapSaves,
  tickUntil,
} from './flush-context.ts';

/** Ticks with no flush running, before each cycle: what its tick p99 is compared with. */
export const NO_FLUSH_MS = 2500;

/**
 * One periodic flush of every player, ticks running. First NO_FLUSH_MS of
 * the same ticks with the writer stopped (the reference tick p99). Then the
 * writer starts with a 1 ms interval, so its cycle begins on the first timer
 * turn; it is stopped when the cycle's last save answers, so no second
 * cycle begins.
 */
export async function flushCycle(
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
export async function flushAll(ctx: FlushContext, rowsExisted: boolean): Promise<PersistFlushRow> {
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

/** The steady state's length, and the part of it at the start whose samples are not counted. */
export const STEADY_SECONDS = 30;
const STEADY_WARMUP_SECONDS = 10;

/**
 * The steady state: every player on the standard speed mix (so changing
 * all the time), ticks at 20 Hz, the writer saving pass after pass (its
 * flush interval is 1 ms here, so a pass starts as soon as the last ended,
 * as it does at any interval shorter than a pass). Samples the oldest
 * unsaved change once a second after the warm-up: what a crash at that
 * moment would lose, at most.
 */
async function steadyRun(ctx: FlushContext): Promise<PersistFlushRow> {
  const { engine, writer, tap } = ctx;
  setSpeeds(ctx, 'mix');
  for (const slot of ctx.slots) writer.noteChange(slot);
  engine.stats.reset();
  const done = tap.expect(Number.POSITIVE_INFINITY);
  done.catch(() => {});
  const oldest: number[] = [];
  let rowsAtWarm = 0;
  let warmAt = 0;
  engine.start();
  writer.start();
  try {
    for (let s = 1; s <= STEADY_SECONDS; s++) {
      await sleep(1000);
      if (s === STEADY_WARMUP_SECONDS) {
        rowsAtWarm = tap.written;
        warmAt = performance.now();
        engine.stats.reset();
      }
      if (s > STEADY_WARMUP_SECONDS) oldest.push(writer.status().oldestUnsavedMs);
    }
  } finally {
    writer.stop();
    await engine.stop();
  }
  const seconds = (performance.now() - warmAt) / 1000;
  const rowsWritten = tap.written - rowsAtWarm;
  // Let the saves in flight land (and save what is left), so none of them
  // counts in the next measurement.
  await writer.flushAll();
  const sorted = [...oldest].sort((a, b) => a - b);
  const tick = engine.stats.summary('total');
  const row: PersistFlushRow = {
    ...flushBase(ctx),
    op: 'steady',
    ticking: '20Hz',
    speeds: 'mix',
    rowsExisted: true,
    seconds,
    rowsWritten,
    rowsPerSec: rowsWritten / seconds,
    chunks: tap.chunks,
    workerEncodeMs: tap.encodeMs,
    workerWriteMs: tap.writeMs,
    tickP99Ms: tick.p99Ms,
    oldestUnsavedP50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
    oldestUnsavedMaxMs: sorted.at(-1) ?? 0,
    unflushedAfter: writer.status().unflushed,
  };
  log(
    `${ctx.backend} steady: ${Math.round(row.rowsPerSec)} rows/s, oldest unsaved p50 ${row.oldestUnsavedP50Ms} ms, max ${row.oldestUnsavedMaxMs} ms`,
  );
  return row;
}

/**
 * A populated engine saved through the real writer and persistence worker:
 * the players' first save (flushAll into the empty table), then with every
 * player marked dirty each time: a cycle at 20 Hz and one with ticks back to
 * back, speeds paused; a cycle at 20 Hz on the speed mix; flushAll again.
 */
export async function flushRuns(
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
  rows.push(await steadyRun(ctx));
  rows.push(await flushAll(ctx, true));
  writer.stop();
  await stopGcObserver();
  await closeStore();
  await closeEngine();
  return rows;
}
