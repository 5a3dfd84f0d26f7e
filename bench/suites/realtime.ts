import { runHeadless } from '../../src/engine/headless.ts';
import type { BenchRow } from '../row.ts';

export interface RealtimeSuiteOptions {
  readonly players: number;
  readonly workers: number;
  readonly seconds: number;
  readonly seed: number;
  /** All clocks in lockstep (the worst case) instead of spread over the day. */
  readonly lockstep?: boolean;
}

/**
 * Suite `realtime`: the engine paced at 20 Hz as a server runs it, on the
 * standard speed mix, after a 3 s warm-up: tick p50/p99/max, late ticks and
 * process RSS. Players start spread over the day as real ones are;
 * `lockstep` starts them all at 08:00, the worst case for the tail. This is
 * where "1M players at 20 Hz, tick p99 under 50 ms" is checked.
 */
export async function realtimeSuite(options: RealtimeSuiteOptions) {
  const s = await runHeadless({
    players: options.players,
    workers: options.workers,
    speed: 'mix',
    seconds: options.seconds,
    warmup: 3,
    hz: 20,
    seed: options.seed,
    start: options.lockstep ? 'lockstep' : 'spread',
  });
  const row: BenchRow = {
    engine: 'lifetick',
    workers: s.workers,
    players: s.players,
    playerMinutesPerSec: s.playerMinutesPerSec,
    tickP50Ms: s.tickP50Ms,
    tickP99Ms: s.tickP99Ms,
    tickMaxMs: s.tickMaxMs,
    ticks: s.ticks,
    start: s.start,
    bytesPerPlayer: s.bytesPerPlayer,
    rssMB: Math.round(s.rssMB),
    lateTicks: s.mergedTicks + s.droppedTicks,
  };
  return { rows: [row], ratios: { tickP99OverPeriod: s.tickP99Ms / (1000 / s.tickHz) } };
}
