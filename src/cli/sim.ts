/**
 * Headless mode: N simulated players, no sockets, real-time ticks.
 *
 *   npm run sim -- --players 200000 --workers 2 --speed 3 --seconds 30
 *
 * Prints throughput and tick percentiles (after a warm-up that lets the JIT
 * settle, so the figures describe the steady state).
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { answerQuestionsAutomatically } from '../engine/auto-answer.ts';
import { Engine } from '../engine/engine.ts';
import { populate } from '../engine/population.ts';
import { BYTES_PER_PLAYER } from '../world/schema.ts';

const optionsSchema = z.object({
  players: z.coerce.number().int().positive().default(100_000),
  workers: z.coerce.number().int().positive().default(os.availableParallelism()),
  speed: z.union([z.literal('mix'), z.coerce.number().int().min(0).max(5)]).default('mix'),
  seconds: z.coerce.number().positive().default(10),
  warmup: z.coerce.number().min(0).default(2),
  hz: z.coerce.number().positive().max(1000).default(20),
  seed: z.coerce.number().int().default(1),
  batch: z.coerce.number().int().positive().optional(),
  json: z.boolean().default(false),
});
export type SimOptions = z.infer<typeof optionsSchema>;

export interface SimSummary {
  readonly players: number;
  readonly workers: number;
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

/** Run a headless world in real time and summarise it. */
export async function runSim(
  options: SimOptions,
  progress?: (line: string) => void,
): Promise<SimSummary> {
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
      ...(options.speed === 'mix' ? {} : { speed: options.speed }),
    });
    answerQuestionsAutomatically(engine);
    let events = 0;
    engine.onEvent(() => events++);
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      players: { type: 'string' },
      workers: { type: 'string' },
      speed: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      hz: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`sim: --${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  const options = parsed.data;
  const tty = process.stderr.isTTY && !process.env.CI;
  const summary = await runSim(
    options,
    tty ? (line) => process.stderr.write(`${line}\n`) : undefined,
  );
  if (options.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  const f = (n: number, digits = 1) => n.toFixed(digits);
  console.log(
    [
      `players ${summary.players}  workers ${summary.workers}  ${summary.tickHz} Hz  ${f(summary.seconds)} s`,
      `ticks ${summary.ticks}  merged ${summary.mergedTicks}  dropped ${summary.droppedTicks}  failed ${summary.failedTicks}`,
      `player-minutes/s ${f(summary.playerMinutesPerSec / 1e6, 2)}M  events/s ${f(summary.eventsPerSec, 0)}`,
      `tick p50 ${f(summary.tickP50Ms)} ms  p99 ${f(summary.tickP99Ms)} ms  max ${f(summary.tickMaxMs)} ms`,
      `phase p99: simulate ${f(summary.simulateP99Ms)} ms  apply ${f(summary.applyP99Ms)} ms  publish ${f(summary.publishP99Ms)} ms`,
      `hot state ${summary.bytesPerPlayer} B/player  rss ${f(summary.rssMB, 0)} MB`,
    ].join('\n'),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
