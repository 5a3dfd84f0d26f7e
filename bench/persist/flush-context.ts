import type { Engine } from '../../src/engine/engine.ts';
import { standardSpeed } from '../../src/engine/population.ts';
import type { TickStats } from '../../src/engine/tick-stats.ts';
import type { PlayerStore } from '../../src/persistence/player-store.ts';
import type { SaveOutcome } from '../../src/persistence/store-messages.ts';
import type { WriteBehindWriter } from '../../src/persistence/writer.ts';
import type { PersistFlushRow } from '../row.ts';
import { WRITER_BATCH } from './common.ts';

/**
 * Counts what the persistence worker reports for every save, and tells when
 * the saves since `expect()` have written `target` rows.
 */
export class SaveTap {
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
export function tapSaves(store: PlayerStore, tap: SaveTap): void {
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

export interface FlushContext {
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

export function flushBase(ctx: FlushContext) {
  return {
    kind: 'flush' as const,
    backend: ctx.backend,
    players: ctx.slots.length,
    engineWorkers: ctx.workers,
    writerBatchSize: WRITER_BATCH,
  };
}

export function setSpeeds(ctx: FlushContext, speeds: PersistFlushRow['speeds']): void {
  const speed = ctx.engine.world.columns.speed;
  ctx.slots.forEach((slot, player) => {
    speed[slot] = speeds === 'paused' ? 0 : standardSpeed(player);
  });
}

/** Ticks (at 20 Hz, or back to back) until `until` settles; a failed tick fails it. */
export async function tickUntil<T>(
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
