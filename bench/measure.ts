import { answerQuestionsAutomatically } from '../src/engine/auto-answer.ts';
import { Engine } from '../src/engine/engine.ts';
import { measureFreeRun } from '../src/engine/free-run.ts';
import { type PopulationStart, populate } from '../src/engine/population.ts';
import { BYTES_PER_PLAYER } from '../src/world/schema.ts';
import type { BenchRow } from './row.ts';

export interface FreeRunOptions {
  readonly players: number;
  readonly workers: number;
  readonly seconds: number;
  readonly seed: number;
  /** Ticks before measuring, so the JIT has settled. */
  readonly warmupTicks: number;
  readonly start: PopulationStart;
}

/**
 * Run lifetick's engine with ticks back to back (no real-time pacing), on
 * the standard speed mix, headless players answering their questions, and
 * measure game minutes per second and tick time.
 */
export async function freeRunEngine(options: FreeRunOptions): Promise<BenchRow> {
  const engine = new Engine({ capacity: options.players, workers: options.workers, tickHz: 20 });
  try {
    populate(engine, { players: options.players, seed: options.seed, start: options.start });
    answerQuestionsAutomatically(engine);
    const figures = await measureFreeRun(engine, options.seconds, options.warmupTicks);
    return {
      engine: 'lifetick',
      workers: options.workers,
      players: options.players,
      playerMinutesPerSec: figures.playerMinutesPerSec,
      tickP50Ms: figures.tickP50Ms,
      tickP99Ms: figures.tickP99Ms,
      tickMaxMs: figures.tickMaxMs,
      lateTicks: figures.lateTicks,
      ticks: figures.ticks,
      start: options.start,
      bytesPerPlayer: BYTES_PER_PLAYER,
    };
  } finally {
    await engine.close();
  }
}
