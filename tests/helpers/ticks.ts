import type { Engine } from '../../src/engine/engine.ts';

/** Resolves on the first tick after which `done()` holds. */
export function tickUntil(engine: Engine, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    engine.onTick(() => {
      if (!settled && done()) {
        settled = true;
        resolve();
      }
    });
  });
}

/** Resolves after `n` more ticks. */
export function ticks(engine: Engine, n: number): Promise<void> {
  const until = engine.tickNumber + n;
  return tickUntil(engine, () => engine.tickNumber >= until);
}

/**
 * Runs `probe` after each tick (one call at a time: a tick that comes while
 * a probe is still running is skipped) until it returns a value; resolves
 * with undefined once `maxTicks` ticks have passed without one. For
 * conditions outside the engine (a database row, an HTTP status) that the
 * test can only look at.
 */
export function pollEachTick<T>(
  engine: Engine,
  probe: () => Promise<T | undefined> | T | undefined,
  maxTicks: number,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let busy = false;
    let seen = 0;
    engine.onTick(() => {
      if (settled) return;
      seen++;
      if (busy) return;
      busy = true;
      Promise.resolve()
        .then(probe)
        .then(
          (value) => {
            busy = false;
            if (settled) return;
            if (value !== undefined || seen >= maxTicks) {
              settled = true;
              resolve(value);
            }
          },
          (error: unknown) => {
            settled = true;
            reject(error);
          },
        );
    });
  });
}
