/**
 * Bench runner: `npm run bench -- <suite> [--json] [options]`.
 *
 *   sim       lifetick (1 worker) vs the object-per-player baseline   --players 100000 --seconds 10
 *   scaling   players x workers grid                                  --players 10000,100000,1000000 --workers N --seconds 5
 *   realtime  paced at 20 Hz like a server: tick p99, late ticks, RSS  --players 1000000 --workers N --seconds 30
 *
 * Plain output is a table for people; --json prints one document
 * {suite, machine, rows, ratios} whose row format (bench/row.ts) stays stable.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine.ts';
import type { BenchResult, BenchRow } from './row.ts';
import { realtimeSuite } from './suites/realtime.ts';
import { scalingSuite } from './suites/scaling.ts';
import { simSuite } from './suites/sim.ts';

const SUITES = ['sim', 'scaling', 'realtime'] as const;
type Suite = (typeof SUITES)[number];

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`--${name} must be a positive integer, got ${value}`);
  return n;
}

function table(rows: readonly BenchRow[]): string {
  const header = [
    'engine',
    'workers',
    'players',
    'Mminutes/s',
    'tick p50 ms',
    'tick p99 ms',
    'ticks',
    'B/player',
    'RSS MB',
    'late',
  ];
  const lines = rows.map((r) => [
    r.engine,
    String(r.workers),
    String(r.players),
    (r.playerMinutesPerSec / 1e6).toFixed(2),
    r.tickP50Ms.toFixed(2),
    r.tickP99Ms.toFixed(2),
    String(r.ticks),
    String(r.bytesPerPlayer),
    r.rssMB === undefined ? '-' : String(r.rssMB),
    r.lateTicks === undefined ? '-' : String(r.lateTicks),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines]
    .map((l) => l.map((cell, i) => cell.padStart(widths[i]!)).join('  '))
    .join('\n');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      players: { type: 'string' },
      workers: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const suite = positionals[0] as Suite | undefined;
  if (!suite || !SUITES.includes(suite)) fail(`name a suite: ${SUITES.join(', ')}`);
  const seed = positiveInt(values.seed, 'seed', 1);
  let result: Pick<BenchResult, 'rows' | 'ratios'>;
  if (suite === 'sim') {
    result = await simSuite({
      players: positiveInt(values.players, 'players', 100_000),
      seconds: positiveInt(values.seconds, 'seconds', 10),
      seed,
    });
  } else if (suite === 'realtime') {
    result = await realtimeSuite({
      players: positiveInt(values.players, 'players', 1_000_000),
      workers: positiveInt(values.workers, 'workers', os.availableParallelism()),
      seconds: positiveInt(values.seconds, 'seconds', 30),
      seed,
    });
  } else {
    const playerCounts = (values.players ?? '10000,100000,1000000')
      .split(',')
      .map((p) => positiveInt(p, 'players', 0));
    result = await scalingSuite({
      playerCounts,
      maxWorkers: positiveInt(values.workers, 'workers', os.availableParallelism()),
      seconds: positiveInt(values.seconds, 'seconds', 5),
      seed,
    });
  }
  const doc: BenchResult = { suite, machine: machineInfo(), ...result };
  if (values.json) {
    console.log(JSON.stringify(doc, null, 2));
    return;
  }
  const m = doc.machine;
  console.log(`suite ${suite} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}\n`);
  console.log(table(doc.rows));
  for (const [name, ratio] of Object.entries(doc.ratios))
    console.log(`\n${name}: ${ratio.toFixed(2)}x`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
