import { answerQuestionsAutomatically } from './auto-answer.ts';
import { Engine } from './engine.ts';
import { type FreeRunFigures, measureFreeRun } from './free-run.ts';
import { PopulationStart, populate } from './population.ts';

export interface TuneOptions {
  readonly players: number;
  /** Worker counts 1..maxWorkers are measured. */
  readonly maxWorkers: number;
  /** Slots per simulate task; undefined is the engine's automatic choice. */
  readonly batchSizes: readonly (number | undefined)[];
  /** Seconds of back-to-back ticks measured per setting. */
  readonly seconds: number;
  /** The tick p99 the recommendation must stay under, ms (a 20 Hz tick has 50). */
  readonly targetP99Ms: number;
  readonly seed: number;
  /** How the players' clocks start; spread (as real players are) when absent. */
  readonly start?: PopulationStart;
}

export interface TuneRow extends FreeRunFigures {
  readonly workers: number;
  readonly batch: number | 'auto';
}

export interface TuneResult {
  readonly players: number;
  readonly targetP99Ms: number;
  readonly rows: readonly TuneRow[];
  readonly recommended: {
    readonly workers: number;
    readonly batch: number | 'auto';
    /** Players per process whose tick p99 stays under the target, estimated from this run. */
    readonly capacity: number;
  };
  /** The recommendation in words, with the figures it rests on. */
  readonly why: string;
}

// Ticks run before measuring each setting, so the JIT and the pool settle.
const WARMUP_TICKS = 10;

/**
 * Measure tick cost for 1..N workers and a few batch sizes at a player count
 * on the standard speed mix, and recommend the setting with the lowest tick
 * p99 (fewer workers on a tie within 5%), with the capacity that keeps p99
 * under the target. Tick cost grows about linearly with resident players
 * (the rules cost per player-hour), so capacity is extrapolated from the
 * measured p99; it says so.
 */
export async function tune(
  options: TuneOptions,
  progress?: (line: string) => void,
): Promise<TuneResult> {
  const rows: TuneRow[] = [];
  for (let workers = 1; workers <= options.maxWorkers; workers++) {
    const engine = new Engine({ capacity: options.players, workers, tickHz: 20 });
    try {
      populate(engine, {
        players: options.players,
        seed: options.seed,
        start: options.start ?? PopulationStart.spread,
      });
      answerQuestionsAutomatically(engine);
      for (const batch of options.batchSizes) {
        engine.setBatchSize(batch);
        const row: TuneRow = {
          workers,
          batch: batch ?? 'auto',
          ...(await measureFreeRun(engine, options.seconds, WARMUP_TICKS)),
        };
        rows.push(row);
        progress?.(
          `workers ${workers}  batch ${row.batch}  tick p50 ${row.tickP50Ms.toFixed(2)} ms  p99 ${row.tickP99Ms.toFixed(2)} ms`,
        );
      }
    } finally {
      await engine.close();
    }
  }
  const best = rows.reduce((a, b) => (b.tickP99Ms < a.tickP99Ms * 0.95 ? b : a));
  const capacity = Math.floor(
    (options.players * options.targetP99Ms) / Math.max(best.tickP99Ms, 1e-3),
  );
  const one = rows
    .filter((r) => r.workers === 1)
    .reduce((a, b) => (b.tickP99Ms < a.tickP99Ms ? b : a));
  const why = [
    `${best.workers} worker${best.workers > 1 ? 's' : ''} with batch ${best.batch} had the lowest tick p99 at ${options.players} players: ${best.tickP99Ms.toFixed(1)} ms`,
    best.workers > 1
      ? `(one worker's best: ${one.tickP99Ms.toFixed(1)} ms, ${(one.tickP99Ms / best.tickP99Ms).toFixed(2)}x slower)`
      : '',
    `. Tick cost grows about linearly with players, so p99 stays under ${options.targetP99Ms} ms up to about ${capacity} players per process.`,
  ]
    .filter(Boolean)
    .join(' ')
    .replace(' .', '.');
  return {
    players: options.players,
    targetP99Ms: options.targetP99Ms,
    rows,
    recommended: { workers: best.workers, batch: best.batch, capacity },
    why,
  };
}
