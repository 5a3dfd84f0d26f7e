/**
 * The sizes `bench all` runs each suite at: the full plan (the single-suite
 * defaults of bench/registry.ts, with a few sizes for the suites charted
 * against size) and the quick plan (about a minute on 2 cores, for smoke
 * runs).
 */
import type { CodecSuiteOptions } from '../suites/codec.ts';
import type { LlmSuiteOptions } from '../suites/llm.ts';
import type { PersistSuiteOptions } from '../suites/persist.ts';
import type { ProductionSuiteOptions } from '../suites/production.ts';
import type { ScalingSuiteOptions } from '../suites/scaling.ts';
import type { SimSuiteOptions } from '../suites/sim.ts';

/** `realtime` at each player count in turn. */
export interface RealtimePlan {
  readonly playerCounts: readonly number[];
  readonly workers: number;
  /** Measured seconds per player count (after the suite's fixed 3 s warm-up). */
  readonly seconds: number;
  readonly seed: number;
}

/** `load` at each client count in turn, a fresh server each time. */
export interface LoadPlan {
  readonly clientCounts: readonly number[];
  readonly seconds: number;
  /** Server worker threads; the server's default when undefined. */
  readonly workers: number | undefined;
  readonly batch: number;
}

/** Every suite's options for one `bench all` run. */
export interface RunPlan {
  readonly sim: SimSuiteOptions;
  readonly scaling: ScalingSuiteOptions;
  readonly realtime: RealtimePlan;
  readonly codec: CodecSuiteOptions;
  readonly load: LoadPlan;
  readonly persist: PersistSuiteOptions;
  readonly llm: LlmSuiteOptions;
  readonly production: ProductionSuiteOptions;
}

/** What a plan depends on besides quick or full. */
export interface PlanInputs {
  readonly seed: number;
  /** Cores to use for worker threads (os.availableParallelism()). */
  readonly cores: number;
  /** MySQL server for the persist suite (its MySQL rows are skipped when none answers). */
  readonly mysqlUrl: string;
}

/** The full sizes: each suite's own default, the largest size of a sweep being that default. */
export function fullPlan({ seed, cores, mysqlUrl }: PlanInputs): RunPlan {
  return {
    sim: { players: 100_000, seconds: 10, seed },
    scaling: { playerCounts: [10_000, 100_000, 1_000_000], maxWorkers: cores, seconds: 5, seed },
    // Spread over a decade so the log axis shows how tick time grows with players.
    realtime: { playerCounts: [100_000, 300_000, 1_000_000], workers: cores, seconds: 30, seed },
    codec: { taskMs: 1000 },
    load: { clientCounts: [1000, 2000, 5000], seconds: 60, workers: undefined, batch: 250 },
    persist: {
      players: 100_000,
      batchSizes: [100, 500, 1000, 2000, 5000],
      seconds: 2,
      workers: Math.min(2, cores),
      seed,
      mysqlUrl,
    },
    llm: {
      players: 1000,
      seconds: 60,
      quietSeconds: 15,
      latencyMs: 800,
      caps: 'day',
      seed,
      batch: 250,
    },
    // The production shape: a million playing residents saved by the writer, 5,000 bots.
    production: {
      residents: 1_000_000,
      clients: 5000,
      seconds: 60,
      workers: undefined,
      batch: 250,
    },
  };
}

/**
 * Small sizes: the whole run takes a minute to a minute and a half on 2
 * cores, most of it fixed costs no size removes (realtime's 3 s warm-up per
 * player count, persist's 2.5 s no-flush window before each flush cycle,
 * starting a server per load size, llm's settle and reply grace). Measured
 * at 84 s with MySQL up on a 2-core machine shared with other work (47 s of
 * CPU). The figures show the shape of the curves, not the capacity of the
 * machine.
 */
export function quickPlan({ seed, cores, mysqlUrl }: PlanInputs): RunPlan {
  // More than 4 workers would multiply the scaling cells on a big machine without saying more.
  const workers = Math.min(cores, 4);
  return {
    sim: { players: 10_000, seconds: 1, seed },
    scaling: { playerCounts: [10_000, 100_000], maxWorkers: workers, seconds: 1, seed },
    realtime: { playerCounts: [10_000, 30_000, 100_000], workers, seconds: 1, seed },
    codec: { taskMs: 50 },
    load: { clientCounts: [20, 100, 300], seconds: 2, workers: undefined, batch: 250 },
    persist: {
      players: 5000,
      batchSizes: [100, 500, 2000],
      seconds: 0.25,
      workers: Math.min(2, cores),
      seed,
      mysqlUrl,
    },
    llm: {
      players: 20,
      seconds: 3,
      quietSeconds: 1,
      latencyMs: 200,
      caps: 'day',
      seed,
      batch: 250,
    },
    production: { residents: 2000, clients: 20, seconds: 2, workers: undefined, batch: 250 },
  };
}
