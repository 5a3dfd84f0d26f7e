/**
 * `lifetick tune`: measure tick cost for 1..N workers and a few batch sizes,
 * then recommend the worker count, batch size and players per process that
 * keep tick p99 under a target.
 *
 *   lifetick tune --players 200000 [--workers N] [--batches auto,16384,65536] [--seconds 3] [--target 50] [--lockstep] [--json]
 *
 * Players start spread over the day; --lockstep starts them all at 08:00
 * (every hour boundary on the same tick: the worst case).
 */
import os from 'node:os';
import { z } from 'zod';
import { tune } from '../engine/tune.ts';
import { parseOptions } from './parse-options.ts';

const optionsSchema = z.object({
  players: z.coerce.number().int().positive().default(200_000),
  workers: z.coerce.number().int().positive().max(256).default(os.availableParallelism()),
  batches: z
    .string()
    .regex(/^(auto|\d+)(,(auto|\d+))*$/, 'a comma-separated list of sizes or auto')
    .default('auto,16384,65536'),
  seconds: z.coerce.number().positive().default(3),
  target: z.coerce.number().positive().default(50),
  seed: z.coerce.number().int().default(1),
  lockstep: z.boolean().default(false),
  json: z.boolean().default(false),
});

async function main(): Promise<void> {
  const o = parseOptions('tune', optionsSchema);
  const tty = process.stderr.isTTY && !process.env.CI;
  const result = await tune(
    {
      players: o.players,
      maxWorkers: o.workers,
      batchSizes: o.batches.split(',').map((b) => (b === 'auto' ? undefined : Number(b))),
      seconds: o.seconds,
      targetP99Ms: o.target,
      seed: o.seed,
      start: o.lockstep ? 'lockstep' : 'spread',
    },
    tty ? (line) => process.stderr.write(`${line}\n`) : undefined,
  );
  if (o.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const header = [
    'workers',
    'batch',
    'ticks',
    'tick p50 ms',
    'tick p99 ms',
    'tick max ms',
    'late',
    'Mminutes/s',
  ];
  const lines = result.rows.map((r) => [
    String(r.workers),
    String(r.batch),
    String(r.ticks),
    r.tickP50Ms.toFixed(2),
    r.tickP99Ms.toFixed(2),
    r.tickMaxMs.toFixed(2),
    String(r.lateTicks),
    (r.playerMinutesPerSec / 1e6).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  console.log(
    `tune: ${result.players} players on the standard speed mix, ${o.lockstep ? 'in lockstep' : 'spread over the day'}, ${os.availableParallelism()} cores (late: ticks over the 50 ms period)\n`,
  );
  console.log(
    [header, ...lines].map((l) => l.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n'),
  );
  const r = result.recommended;
  console.log(
    `\nrecommended: LIFETICK_WORKERS=${r.workers}, batch ${r.batch}, up to ${r.capacity} players per process`,
  );
  console.log(`why: ${result.why}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
