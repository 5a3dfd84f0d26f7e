import { runHeadless } from '../../src/engine/headless.ts';
import type { BenchRow } from '../row.ts';

export interface RealtimeSuiteOptions {
  readonly players: number;
  readonly workers: number;
  readonly seconds: number;
  readonly seed: number;
}

/**
 * Suite `realtime`: the engine paced at 20 Hz as a server runs it, on the
 * standard speed mix, after a 3 s warm-up: tick percentiles, late ticks and
 * process RSS. This is where "1M players at 20 Hz, tick p99 under 50 ms" is
 * checked.
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
  });
  const row: BenchRow = {
    engine: 'lifetick',
    workers: s.workers,
    players: s.players,
    playerMinutesPerSec: s.playerMinutesPerSec,
    tickP50Ms: s.tickP50Ms,
    tickP99Ms: s.tickP99Ms,
    ticks: s.ticks,
    bytesPerPlayer: s.bytesPerPlayer,
    rssMB: Math.round(s.rssMB),
    lateTicks: s.mergedTicks + s.droppedTicks,
  };
  return { rows: [row], ratios: { tickP99OverPeriod: s.tickP99Ms / (1000 / s.tickHz) } };
}
