import type { Engine } from './engine.ts';

/** Tick time and throughput of ticks run back to back. */
export interface FreeRunFigures {
  readonly ticks: number;
  readonly tickP50Ms: number;
  readonly tickP99Ms: number;
  readonly tickMaxMs: number;
  /**
   * Ticks that took longer than the engine's tick period. Back to back there
   * is no schedule to be late for; these are the ticks that would have been
   * late (merged into the next) in a paced run.
   */
  readonly lateTicks: number;
  /** Game minutes advanced per real second, summed over all players. */
  readonly playerMinutesPerSec: number;
}

/**
 * Run `warmupTicks` ticks (so the JIT and the pool settle), then ticks back
 * to back, with no real-time pacing, for `seconds`, and measure them. The
 * engine's tick statistics are reset on the way. Used by `lifetick tune` and
 * the `sim` and `scaling` benches, so they measure the same thing.
 */
export async function measureFreeRun(
  engine: Engine,
  seconds: number,
  warmupTicks: number,
): Promise<FreeRunFigures> {
  for (let t = 0; t < warmupTicks; t++) await engine.tick();
  engine.stats.reset();
  const startMinutes = engine.minutesSimulated;
  const started = performance.now();
  const periodMs = 1000 / engine.tickHz;
  let ticks = 0;
  let late = 0;
  while (performance.now() - started < seconds * 1000) {
    const t0 = performance.now();
    await engine.tick();
    if (performance.now() - t0 > periodMs) late++;
    ticks++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const total = engine.stats.summary('total');
  return {
    ticks,
    tickP50Ms: total.p50Ms,
    tickP99Ms: total.p99Ms,
    tickMaxMs: total.maxMs,
    lateTicks: late,
    playerMinutesPerSec: (engine.minutesSimulated - startMinutes) / elapsed,
  };
}
