import { answerQuestionsAutomatically } from '../src/engine/auto-answer.ts';
import { Engine } from '../src/engine/engine.ts';
import { populate } from '../src/engine/population.ts';
import { TickStats } from '../src/engine/tick-stats.ts';
import { BYTES_PER_PLAYER } from '../src/world/schema.ts';
import type { BenchRow } from './row.ts';

export interface FreeRunOptions {
  readonly players: number;
  readonly workers: number;
  readonly seconds: number;
  readonly seed: number;
  /** Ticks before measuring, so the JIT has settled. */
  readonly warmupTicks: number;
}

/**
 * Run lifetick's engine with ticks back to back (no real-time pacing), on
 * the standard speed mix, headless players answering their questions, and
 * measure game minutes per second and tick time.
 */
export async function freeRunEngine(options: FreeRunOptions): Promise<BenchRow> {
  const engine = new Engine({ capacity: options.players, workers: options.workers, tickHz: 20 });
  try {
    populate(engine, { players: options.players, seed: options.seed });
    answerQuestionsAutomatically(engine);
    for (let t = 0; t < options.warmupTicks; t++) await engine.tick();
    engine.stats.reset();
    const startMinutes = engine.minutesSimulated;
    const started = performance.now();
    let ticks = 0;
    while (performance.now() - started < options.seconds * 1000) {
      await engine.tick();
      ticks++;
    }
    const elapsed = (performance.now() - started) / 1000;
    const total = engine.stats.summary('total');
    return {
      engine: 'lifetick',
      workers: options.workers,
      players: options.players,
      playerMinutesPerSec: (engine.minutesSimulated - startMinutes) / elapsed,
      tickP50Ms: total.p50Ms,
      tickP99Ms: total.p99Ms,
      ticks,
      bytesPerPlayer: BYTES_PER_PLAYER,
    };
  } finally {
    await engine.close();
  }
}

/** Tick-time statistics for code that is not the engine (the baseline). */
export function newTickStats(): TickStats {
  return new TickStats();
}
