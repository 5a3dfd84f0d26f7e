/**
 * Every bench suite in one place: the flags `bench <suite>` reads and the
 * run they make, the run `bench all` makes from its plan, and the tables
 * its rows print as. bench/main.ts and bench/report/run-all.ts only
 * dispatch through this.
 *
 * Adding a column: a field in the row (bench/row.ts: add, never rename or
 * repurpose) and one `column(header, cell)` line in the suite's
 * bench/tables/ file, where the column should appear. The --json document
 * follows the row by itself.
 *
 * Adding a suite (say `production`, with a ProductionRow):
 *   1. its row type in bench/row.ts, and its name in SUITE_NAMES and RowOf
 *      (bench/report/doc.ts), in the order `bench all` should run it;
 *   2. its tables in bench/tables/production.ts (columns, and a TableSpec);
 *   3. its entry below: the flags it reads, `run` from those flags, `all`
 *      from the plan, `tables`. The type of SUITES refuses a suite without
 *      an entry, and an entry whose tables do not fit its row;
 *   4. its sizes in RunPlan, fullPlan and quickPlan (bench/report/plan.ts);
 *   5. a line for it in the usage list at the top of bench/main.ts, and
 *      its fixed rows in tests/bench/main-output/ (rows.ts, expected/).
 * A new flag needs nothing more than its name in the entry's `flags`.
 */
import os from 'node:os';
import type { FlagReader } from './flags.ts';
import type { RowOf, SuiteName } from './report/doc.ts';
import type { RunPlan } from './report/plan.ts';
import { sweep } from './report/sweep.ts';
import { codecSuite } from './suites/codec.ts';
import { llmSuite } from './suites/llm.ts';
import { loadSuite } from './suites/load.ts';
import { persistSuite } from './suites/persist.ts';
import { productionSuite } from './suites/production.ts';
import { realtimeSuite } from './suites/realtime.ts';
import { scalingSuite } from './suites/scaling.ts';
import { simSuite } from './suites/sim.ts';
import { CODEC_TABLES } from './tables/codec.ts';
import { ENGINE_TABLES } from './tables/engine.ts';
import { LLM_TABLES } from './tables/llm.ts';
import { LOAD_TABLES } from './tables/load.ts';
import { PERSIST_TABLES } from './tables/persist.ts';
import { PRODUCTION_TABLES } from './tables/production.ts';
import type { TableSpec } from './tables/table.ts';

/** What one run of a suite gives back: a BenchResult's rows and ratios, and what it left out. */
export interface SuiteOutput<R> {
  readonly rows: readonly R[];
  readonly ratios: Readonly<Record<string, number>>;
  readonly notes?: readonly string[];
}

/** One suite, as the bench runs and prints it. */
export interface SuiteEntry<R> {
  /** The flags `bench <suite>` takes besides --json and --seed; others are refused. */
  readonly flags: readonly string[];
  /** `bench <suite>`: the run its flags ask for (defaults filled in). */
  readonly run: (flags: FlagReader, seed: number) => Promise<SuiteOutput<R>>;
  /** `bench all`: the run at the plan's sizes, and those sizes in words. */
  readonly all: (plan: RunPlan) => { readonly ranWith: string; run(): Promise<SuiteOutput<R>> };
  /** For `bench all`: what the suite left out, read from its stderr lines and rows. */
  readonly notes?: (log: readonly string[], rows: readonly R[]) => string[];
  /** How its rows print for people. */
  readonly tables: TableSpec<R>;
}

/** The persist suite's own server, unless LIFETICK_BENCH_MYSQL_URL names another. */
export const mysqlUrl = (): string =>
  process.env.LIFETICK_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export const SUITES: { readonly [N in SuiteName]: SuiteEntry<RowOf[N]> } = {
  sim: {
    flags: ['players', 'seconds', 'lockstep'],
    run: (f, seed) =>
      simSuite({
        players: f.int('players', 100_000),
        seconds: f.int('seconds', 10),
        seed,
        lockstep: f.on('lockstep'),
      }),
    all: ({ sim: o }) => ({
      ranWith: `${o.players} players, ${o.seconds} s per engine`,
      run: () => simSuite(o),
    }),
    tables: ENGINE_TABLES,
  },
  scaling: {
    flags: ['players', 'workers', 'seconds', 'lockstep'],
    run: (f, seed) =>
      scalingSuite({
        playerCounts: f.ints('players', [10_000, 100_000, 1_000_000]),
        maxWorkers: f.int('workers', os.availableParallelism()),
        seconds: f.int('seconds', 5),
        seed,
        lockstep: f.on('lockstep'),
      }),
    all: ({ scaling: o }) => ({
      ranWith: `players ${o.playerCounts.join(', ')} × 1..${o.maxWorkers} workers, ${o.seconds} s per cell`,
      run: () => scalingSuite(o),
    }),
    tables: ENGINE_TABLES,
  },
  realtime: {
    flags: ['players', 'workers', 'seconds', 'lockstep'],
    run: (f, seed) =>
      realtimeSuite({
        players: f.int('players', 1_000_000),
        workers: f.int('workers', os.availableParallelism()),
        seconds: f.int('seconds', 30),
        seed,
        lockstep: f.on('lockstep'),
      }),
    all: ({ realtime: o }) => ({
      ranWith: `players ${o.playerCounts.join(', ')}, ${o.workers} workers, 20 Hz, ${o.seconds} s each after a 3 s warm-up`,
      run: () =>
        sweep(o.playerCounts, 'players', (players) =>
          realtimeSuite({ players, workers: o.workers, seconds: o.seconds, seed: o.seed }),
        ),
    }),
    tables: ENGINE_TABLES,
  },
  codec: {
    flags: ['seconds'],
    run: (f) => codecSuite({ taskMs: f.int('seconds', 1) * 1000 }),
    all: ({ codec: o }) => ({ ranWith: `${o.taskMs} ms per task`, run: () => codecSuite(o) }),
    tables: CODEC_TABLES,
  },
  load: {
    flags: ['clients', 'seconds', 'workers', 'batch'],
    run: (f) =>
      loadSuite({
        clients: f.int('clients', 5000),
        seconds: f.int('seconds', 60),
        workers: f.optionalInt('workers'),
        batch: f.int('batch', 250),
      }),
    all: ({ load: o }) => ({
      ranWith: `clients ${o.clientCounts.join(', ')}, ${o.seconds} s each, ${o.workers ?? 'default'} server workers`,
      run: () =>
        sweep(o.clientCounts, 'clients', (clients) =>
          loadSuite({ clients, seconds: o.seconds, workers: o.workers, batch: o.batch }),
        ),
    }),
    tables: LOAD_TABLES,
  },
  persist: {
    flags: ['players', 'batch', 'seconds', 'workers'],
    run: (f, seed) =>
      persistSuite({
        players: f.int('players', 100_000),
        batchSizes: f.ints('batch', [100, 500, 1000, 2000, 5000]),
        seconds: f.int('seconds', 2),
        workers: f.int('workers', Math.min(2, os.availableParallelism())),
        seed,
        mysqlUrl: mysqlUrl(),
      }),
    all: ({ persist: o }) => ({
      ranWith: `${o.players} players, batches ${o.batchSizes.join(', ')}, ${o.seconds} s per batch size, ${o.workers} engine workers`,
      run: () => persistSuite(o),
    }),
    // The suite writes "no MySQL at ... : MySQL rows skipped" when none answers.
    notes: (log, rows) => {
      if (rows.some((r) => r.kind !== 'encode' && r.backend === 'mysql')) return [];
      const line = log.find((l) => l.includes('no MySQL at'));
      const why = line?.replace(/^persist: /, '').replace(/: MySQL rows skipped$/, '');
      return [
        `MySQL rows skipped: ${why ?? 'no MySQL server answered'} (LIFETICK_BENCH_MYSQL_URL names the server)`,
      ];
    },
    tables: PERSIST_TABLES,
  },
  llm: {
    flags: ['players', 'seconds', 'quiet-seconds', 'latency-ms', 'caps', 'batch'],
    run: (f, seed) => {
      const caps = f.choice('caps', ['day', 'server'], 'day');
      const seconds = f.int('seconds', 60);
      return llmSuite({
        players: f.int('players', 1000),
        seconds,
        quietSeconds: f.int('quiet-seconds', Math.max(10, Math.round(seconds / 4))),
        latencyMs: f.int('latency-ms', 800),
        caps,
        seed,
        batch: f.int('batch', 250),
      });
    },
    all: ({ llm: o }) => ({
      ranWith: `${o.players} players, ${o.quietSeconds} s no chat then ${o.seconds} s of chat, model latency ${o.latencyMs} ms, caps ${o.caps}`,
      run: () => llmSuite(o),
    }),
    tables: LLM_TABLES,
  },
  production: {
    flags: ['players', 'clients', 'seconds', 'workers', 'batch'],
    run: (f) =>
      productionSuite({
        residents: f.int('players', 1_000_000),
        clients: f.int('clients', 5000),
        seconds: f.int('seconds', 60),
        workers: f.optionalInt('workers'),
        batch: f.int('batch', 250),
      }),
    all: ({ production: o }) => ({
      ranWith: `${o.residents} residents, ${o.clients} bots, ${o.seconds} s, ${o.workers ?? 'default'} server workers`,
      run: () => productionSuite(o),
    }),
    tables: PRODUCTION_TABLES,
  },
};

/** Every flag some suite reads: `bench all` picks its own sizes and refuses them. */
/** Flags that are switches (no value); every other suite flag takes one. */
export const SWITCH_FLAGS: readonly string[] = ['lockstep'];

export const SUITE_FLAGS: readonly string[] = [
  ...new Set(Object.values(SUITES).flatMap((s) => s.flags)),
];
