import type { PopulationStart } from '../../src/engine/population.ts';
import { loadableWorkerFile } from '../../src/kit/worker-bundle.ts';
import type { BaselineFigures, BaselineRunOptions } from '../baseline/run.ts';
import { eventCheckCost } from '../event-check-cost.ts';
import { freeRunEngine } from '../measure.ts';
import type { BenchRow } from '../row.ts';

export interface SimSuiteOptions {
  readonly players: number;
  readonly seconds: number;
  readonly seed: number;
  /** All clocks in lockstep (the worst case) instead of spread over the day. */
  readonly lockstep?: boolean;
}

type BaselineModule = { runBaseline(options: BaselineRunOptions): BaselineFigures };

/** The baseline, bundled and imported as one native module (see bench/baseline/run.ts). */
async function runBaseline(options: BaselineRunOptions): Promise<BenchRow> {
  const url = loadableWorkerFile(new URL('../baseline/run.ts', import.meta.url));
  const { runBaseline: run } = (await import(url.href)) as BaselineModule;
  const f = run(options);
  return {
    engine: 'baseline',
    workers: 1,
    players: options.players,
    playerMinutesPerSec: f.playerMinutesPerSec,
    tickP50Ms: f.tickP50Ms,
    tickP99Ms: f.tickP99Ms,
    tickMaxMs: f.tickMaxMs,
    lateTicks: f.lateTicks,
    ticks: f.ticks,
    start: options.start,
    bytesPerPlayer: 0,
  };
}

/**
 * Suite `sim`: game time simulated per second by lifetick's engine on one
 * worker against the object-per-player, minute-by-minute design written as
 * well as it allows (bench/baseline/object-world.ts: an age index, no
 * allocation in condition checks, the whole game), and what the hourly
 * event check costs (bench/event-check-cost.ts). Same players (same seed,
 * ages spread over a life, clocks spread over the day unless --lockstep),
 * same standard speed mix, same rules and catalog, headless players
 * answering questions on both sides: tests/bench/baseline.test.ts holds
 * that both designs live the same lives. Player-hours per second is
 * game minutes / 60, the unit the rules cost is counted in.
 */
export async function simSuite(options: SimSuiteOptions) {
  const warmupTicks = 40;
  const start: PopulationStart = options.lockstep ? 'lockstep' : 'spread';
  // First, while the heap is small: the baseline's objects would otherwise
  // be collected in the middle of these timings. 200 ticks at 20 Hz is 10 s
  // of game play at the standard speed mix.
  const events = eventCheckCost(options.players, options.seed, 200);
  const lifetick = await freeRunEngine({ ...options, workers: 1, warmupTicks, start });
  const baseline = await runBaseline({ ...options, warmupTicks, start });
  return {
    rows: [lifetick, baseline],
    ratios: {
      lifetickOneWorkerOverBaseline: lifetick.playerMinutesPerSec / baseline.playerMinutesPerSec,
      // The same ratio from the median tick: both sides run the same
      // population through the same ticks, so on a loaded machine, where a
      // few stalled ticks drag the mean, this one says what a tick costs.
      baselineTickP50OverLifetick: baseline.tickP50Ms / lifetick.tickP50Ms,
      lifetickPlayerHoursPerSecOneCore: lifetick.playerMinutesPerSec / 60,
      baselinePlayerHoursPerSecOneCore: baseline.playerMinutesPerSec / 60,
      eventChecksPerSecOneCore: events.checksPerSec,
      eventsFiredPerSecOneCore: events.eventsPerSec,
      eventCheckShareOfSimulate: events.share,
    },
  };
}
