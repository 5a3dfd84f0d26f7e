import { answerQuestionsAutomatically } from '../../src/engine/auto-answer.ts';
import { Engine } from '../../src/engine/engine.ts';
import { type PopulationStart, populate } from '../../src/engine/population.ts';
import { TickStats } from '../../src/engine/tick-stats.ts';
import { loadableWorkerFile } from '../../src/kit/worker-bundle.ts';
import { BYTES_PER_PLAYER } from '../../src/world/schema.ts';
import type { BaselineWorld, BaselineWorldOptions } from '../baseline/run.ts';
import { eventCheckCost } from '../event-check-cost.ts';
import type { BenchRow } from '../row.ts';

export interface SimSuiteOptions {
  readonly players: number;
  readonly seconds: number;
  readonly seed: number;
  /** All clocks in lockstep (the worst case) instead of spread over the day. */
  readonly lockstep?: boolean;
}

type BaselineModule = { baselineWorld(options: BaselineWorldOptions): BaselineWorld };

/** The baseline, bundled and imported as one native module (see bench/baseline/run.ts). */
async function baselineWorld(options: BaselineWorldOptions): Promise<BaselineWorld> {
  const url = loadableWorkerFile(new URL('../baseline/run.ts', import.meta.url));
  const module = (await import(url.href)) as BaselineModule;
  return module.baselineWorld(options);
}

// Ticks before measuring, so the JIT has settled on both sides.
const WARMUP_TICKS = 40;
// Blocks each side's measured time is cut into, taken in turn: a loaded or
// slow spell of the machine falls on both sides alike, so their ratio holds
// on a shared machine.
const BLOCKS = 10;
// The period both sides tick at (20 Hz): a tick longer than it is late.
const PERIOD_MS = 50;

/** One side's ticks, timed across its blocks. */
class Side {
  readonly stats = new TickStats();
  minutes = 0;
  ms = 0;
  ticks = 0;
  late = 0;

  async block(ms: number, tick: () => number | Promise<number>): Promise<void> {
    const started = performance.now();
    while (performance.now() - started < ms) {
      const t0 = performance.now();
      this.minutes += await tick();
      const took = performance.now() - t0;
      this.stats.record('total', took);
      if (took > PERIOD_MS) this.late++;
      this.ticks++;
    }
    this.ms += performance.now() - started;
  }

  row(
    engine: BenchRow['engine'],
    players: number,
    start: PopulationStart,
    bytes: number,
  ): BenchRow {
    const t = this.stats.summary('total');
    return {
      engine,
      workers: 1,
      players,
      playerMinutesPerSec: this.minutes / (this.ms / 1000),
      tickP50Ms: t.p50Ms,
      tickP99Ms: t.p99Ms,
      tickMaxMs: t.maxMs,
      lateTicks: this.late,
      ticks: this.ticks,
      start,
      bytesPerPlayer: bytes,
    };
  }
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
 * that both designs live the same lives. The two run in alternating blocks
 * in one process. Player-hours per second is game minutes / 60, the unit
 * the rules' cost is counted in.
 */
export async function simSuite(options: SimSuiteOptions) {
  const start: PopulationStart = options.lockstep ? 'lockstep' : 'spread';
  // First, while the heap is small: the baseline's objects would otherwise
  // be collected in the middle of these timings. 200 ticks at 20 Hz is 10 s
  // of game play at the standard speed mix.
  const events = eventCheckCost(options.players, options.seed, 200);
  const engine = new Engine({ capacity: options.players, workers: 1, tickHz: 1000 / PERIOD_MS });
  try {
    populate(engine, { players: options.players, seed: options.seed, start });
    answerQuestionsAutomatically(engine);
    const baseline = await baselineWorld({ ...options, start });
    const engineTick = async () => {
      const before = engine.minutesSimulated;
      await engine.tick();
      return engine.minutesSimulated - before;
    };
    for (let t = 0; t < WARMUP_TICKS; t++) {
      await engineTick();
      baseline.tick();
    }
    const lifetickSide = new Side();
    const baselineSide = new Side();
    const blockMs = (options.seconds * 1000) / BLOCKS;
    for (let b = 0; b < BLOCKS; b++) {
      await lifetickSide.block(blockMs, engineTick);
      await baselineSide.block(blockMs, () => baseline.tick());
    }
    const lifetick = lifetickSide.row('lifetick', options.players, start, BYTES_PER_PLAYER);
    const base = baselineSide.row('baseline', options.players, start, 0);
    return {
      rows: [lifetick, base],
      ratios: {
        lifetickOneWorkerOverBaseline: lifetick.playerMinutesPerSec / base.playerMinutesPerSec,
        // The same from the median tick: both sides tick the same
        // population, so a few stalled ticks of a loaded machine, which
        // drag a mean, leave this one alone.
        baselineTickP50OverLifetick: base.tickP50Ms / lifetick.tickP50Ms,
        lifetickPlayerHoursPerSecOneCore: lifetick.playerMinutesPerSec / 60,
        baselinePlayerHoursPerSecOneCore: base.playerMinutesPerSec / 60,
        eventChecksPerSecOneCore: events.checksPerSec,
        eventsFiredPerSecOneCore: events.eventsPerSec,
        eventCheckShareOfSimulate: events.share,
      },
    };
  } finally {
    await engine.close();
  }
}
