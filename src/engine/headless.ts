import { ACHIEVEMENT_REPORT } from '../sim/events.ts';
import { BYTES_PER_PLAYER } from '../world/schema.ts';
import { answerQuestionsAutomatically } from './auto-answer.ts';
import { Engine } from './engine.ts';
import { PopulationStart, populate } from './population.ts';

/** What a headless run is asked to do. */
export interface HeadlessOptions {
  readonly players: number;
  readonly workers: number;
  /** A fixed speed level for everyone, or the standard mix. */
  readonly speed: number | 'mix';
  readonly seconds: number;
  /** Seconds of ticking before measuring, so the JIT has settled. */
  readonly warmup: number;
  readonly hz: number;
  readonly seed: number;
  readonly batch?: number | undefined;
  /** How the players' clocks start; spread (as real players are) when absent. */
  readonly start?: PopulationStart | undefined;
}

export interface HeadlessSummary {
  readonly players: number;
  readonly workers: number;
  readonly start: PopulationStart;
  readonly tickHz: number;
  readonly seconds: number;
  readonly ticks: number;
  readonly mergedTicks: number;
  readonly droppedTicks: number;
  readonly failedTicks: number;
  readonly playerMinutesPerSec: number;
  readonly eventsPerSec: number;
  readonly tickP50Ms: number;
  readonly tickP99Ms: number;
  readonly tickMaxMs: number;
  readonly simulateP99Ms: number;
  readonly applyP99Ms: number;
  readonly publishP99Ms: number;
  readonly bytesPerPlayer: number;
  readonly rssMB: number;
}

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run a headless world in real time (players answer their questions like
 * bots) and summarise throughput and tick percentiles.
 */
export async function runHeadless(
  options: HeadlessOptions,
  progress?: (line: string) => void,
): Promise<HeadlessSummary> {
  const engine = new Engine({
    capacity: options.players,
    workers: options.workers,
    tickHz: options.hz,
    ...(options.batch ? { batchSize: options.batch } : {}),
  });
  try {
    populate(engine, {
      players: options.players,
      seed: options.seed,
      start: options.start ?? PopulationStart.spread,
      ...(options.speed === 'mix' ? {} : { speed: options.speed }),
    });
    answerQuestionsAutomatically(engine);
    let events = 0;
    // Achievement reports ride in the same stream; they are not events.
    engine.onEvent((_slot, event) => {
      if (event < ACHIEVEMENT_REPORT) events++;
    });
    engine.onTickError((error) => progress?.(`tick failed: ${String(error)}`));
    engine.start();
    await waitMs(options.warmup * 1000);
    engine.stats.reset();
    const before = { ...engine.loopCounters, minutes: engine.minutesSimulated, events };
    const started = performance.now();
    for (let s = 1; s <= Math.ceil(options.seconds); s++) {
      await waitMs(Math.min(1, options.seconds - (s - 1)) * 1000);
      const t = engine.stats.summary('total');
      progress?.(
        `${s}s  ticks ${engine.loopCounters.ticks - before.ticks}  tick p50 ${t.p50Ms.toFixed(1)} ms  p99 ${t.p99Ms.toFixed(1)} ms`,
      );
    }
    const elapsed = (performance.now() - started) / 1000;
    await engine.stop();
    const after = engine.loopCounters;
    const total = engine.stats.summary('total');
    return {
      players: options.players,
      workers: options.workers,
      start: options.start ?? PopulationStart.spread,
      tickHz: options.hz,
      seconds: elapsed,
      ticks: after.ticks - before.ticks,
      mergedTicks: after.merged - before.merged,
      droppedTicks: after.dropped - before.dropped,
      failedTicks: after.failed - before.failed,
      playerMinutesPerSec: (engine.minutesSimulated - before.minutes) / elapsed,
      eventsPerSec: (events - before.events) / elapsed,
      tickP50Ms: total.p50Ms,
      tickP99Ms: total.p99Ms,
      tickMaxMs: total.maxMs,
      simulateP99Ms: engine.stats.summary('simulate').p99Ms,
      applyP99Ms: engine.stats.summary('apply').p99Ms,
      publishP99Ms: engine.stats.summary('publish').p99Ms,
      bytesPerPlayer: BYTES_PER_PLAYER,
      rssMB: process.memoryUsage().rss / 2 ** 20,
    };
  } finally {
    await engine.close();
  }
}
