/**
 * Headless mode: N simulated players, no sockets, real-time ticks.
 *
 *   npm run sim -- --players 200000 --workers 2 --speed 3 --seconds 30
 *
 * Prints throughput and tick percentiles (after a warm-up that lets the JIT
 * settle, so the figures describe the steady state).
 */
import os from 'node:os';
import { z } from 'zod';
import { runHeadless } from '../engine/headless.ts';
import { parseOptions } from './parse-options.ts';

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

async function main(): Promise<void> {
  const options = parseOptions('sim', optionsSchema);
  const tty = process.stderr.isTTY && !process.env.CI;
  const summary = await runHeadless(
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
