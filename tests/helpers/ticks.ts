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
