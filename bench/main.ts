/**
 * Bench runner: `npm run bench -- <suite> [--json] [options]`.
 *
 *   sim       lifetick (1 worker) vs the object-per-player baseline   --players 100000 --seconds 10
 *   scaling   players x workers grid                                  --players 10000,100000,1000000 --workers N --seconds 5
 *   realtime  paced at 20 Hz like a server: tick p99, late ticks, RSS  --players 1000000 --workers N --seconds 30
 *   codec     wire codec (MessagePack) vs JSON: ops/s and bytes       --seconds 1 (per task)
 *   load      a server process and one bot process of WebSocket bots  --clients 5000 --seconds 60 [--workers N] [--batch 250]
 *   persist   rows/s into SQLite and MySQL per batch size, encodeHot,  --players 100000 --batch 100,500,1000,2000,5000
 *             flushing every player of an engine through the writer    --seconds 2 (per batch size) --workers 2
 *             (MySQL: LIFETICK_BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306; skipped when none answers)
 *   llm       NPC chat through the governed voice service, the real   --players 1000 --seconds 60 --latency-ms 800
 *             openai client against a local fake model: a day of      --quiet-seconds 15 --caps day|server
 *             chat compressed into --seconds after a no-chat phase    [--batch 250] (bench/llm/schedule.ts says what a day is)
 *
 *   production  the load run against a server holding a million playing   --players 1000000 --clients 5000 --seconds 60
 *             residents saved into SQLite: ticks, round trips, the oldest unsaved change, RSS
 *
 *   all       every suite above in turn; --report writes one HTML page    --quick (about a minute on 2 cores)
 *             with charts and the raw JSON beside it                   --report --out bench-report --compare A.json
 *             (bench/report/): without --report, each suite's tables; --json: the whole document
 *   compare   A.json B.json: compare.html, figure by figure with B/A   --out bench-report
 *
 * sim, scaling and realtime start players spread over the day; --lockstep
 * starts them all at 08:00 (every hour boundary on one tick: the worst case).
 *
 * Plain output is a table for people; --json prints one document
 * {suite, machine, rows, ratios} whose row format (bench/row.ts) stays stable:
 * BenchRow for sim, scaling and realtime, CodecRow for codec, LoadRow for load,
 * PersistRow for persist, LlmRow for llm. A ratio whose name has "Over" is printed with x;
 * the others are values in the unit their name gives (persist's rows/s, ms).
 *
 * This file only dispatches: each suite's flags, run and tables are its
 * entry in bench/registry.ts (which says how to add a suite or a column).
 */
import { parseArgs } from 'node:util';
import { flagReader, positiveInt, UsageError } from './flags.ts';
import { machineInfo } from './machine.ts';
import { printResult, printSuiteReport } from './print.ts';
import { SUITE_FLAGS, SUITES, SWITCH_FLAGS } from './registry.ts';
import { allCommand, compareCommand, DEFAULT_OUT } from './report/cli.ts';
import { ReportInputError, SUITE_NAMES, type SuiteName } from './report/doc.ts';

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      seed: { type: 'string' },
      report: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      compare: { type: 'string' },
      ...Object.fromEntries(
        SUITE_FLAGS.map((f) => [
          f,
          { type: SWITCH_FLAGS.includes(f) ? 'boolean' : 'string' } as const,
        ]),
      ),
    },
  });
  // The suite flags come from the registry, so their names are strings to the type checker.
  const flags = values as Readonly<Record<string, string | boolean | undefined>>;
  const command = positionals[0];
  const seed = positiveInt(values.seed, 'seed', 1);
  const suiteFlags = SUITE_FLAGS.filter((f) => flags[f] !== undefined);
  if (command === 'all') {
    if (suiteFlags.length > 0)
      fail(`all picks its own sizes (full, or --quick); drop --${suiteFlags.join(', --')}`);
    if (values.json && (values.report || values.compare !== undefined))
      fail('all: --json prints the document; --report writes it to report.json: pick one');
    await allCommand(
      {
        quick: values.quick,
        report: values.report,
        json: values.json,
        out: values.out ?? DEFAULT_OUT,
        compare: values.compare,
        seed,
      },
      printSuiteReport,
    );
    return;
  }
  if (command === 'compare') {
    const [, fileA, fileB, extra] = positionals;
    if (fileA === undefined || fileB === undefined || extra !== undefined)
      fail('compare takes two files: compare A.json B.json [--out DIR]');
    const others = values.report || values.quick || values.json || values.compare !== undefined;
    if (others || values.seed !== undefined || suiteFlags.length > 0)
      fail('compare takes only --out');
    await compareCommand(fileA, fileB, values.out ?? DEFAULT_OUT);
    return;
  }
  const suite = command as SuiteName | undefined;
  if (!suite || !SUITE_NAMES.includes(suite))
    fail(`name a suite: ${SUITE_NAMES.join(', ')}; or all, or compare A.json B.json`);
  if (values.report || values.quick || values.out !== undefined || values.compare !== undefined)
    fail('--report, --quick, --out and --compare go with all (and --out with compare)');
  const entry = SUITES[suite];
  // A flag the suite does not read would change nothing while the figures seem to follow it.
  const foreign = suiteFlags.filter((f) => !entry.flags.includes(f));
  if (foreign.length > 0)
    fail(`${suite} takes --${entry.flags.join(', --')}; drop --${foreign.join(', --')}`);
  // Taken before the run, so the load average is the machine's, not the bench's.
  const machine = machineInfo();
  const result = await entry.run(flagReader(flags, entry.flags), seed);
  const doc = { suite, machine, ...result };
  if (values.json) {
    console.log(JSON.stringify(doc, null, 2));
    return;
  }
  printResult(suite, doc);
}

/** Settles when the command has finished (tests await it; the process just ends). */
export const done = main().catch((error: unknown) => {
  // A command line or report file the bench cannot use: the message says it all.
  if (error instanceof UsageError || error instanceof ReportInputError) fail(error.message);
  console.error(error);
  process.exit(1);
});
