/**
 * `bench/main.ts` prints the same tables and the same --json document for
 * the same rows as it always has: runs compared across days depend on it.
 * The suite functions are replaced by ones returning fixed rows
 * (main-output/rows.ts), the machine is a fixed one, and main.ts runs as
 * `npm run bench -- <args>` would; its stdout, stderr, exit code and the
 * options each suite was called with are compared with expected/, captured
 * from main.ts before its tables became table-driven. The expected files are
 * the output format. A new column or row field changes them on purpose:
 * refresh them (`npx vitest run tests/bench/main-output.test.ts -u`) and
 * check that the diff only adds; a figure or a JSON line that changes
 * otherwise breaks the comparison of runs across days.
 */
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  /** Suite calls since the case started: name and options. */
  calls: [] as [string, unknown][],
  /** Suites that throw instead of returning rows (a skipped suite in `all`). */
  failing: new Set<string>(),
}));

/** A stand-in suite function: records its options, returns the fixed rows. */
async function standIn(name: string) {
  const { RESULTS } = await import('./main-output/rows.ts');
  return async (options: unknown) => {
    state.calls.push([name, options]);
    if (state.failing.has(name)) throw new Error(`${name} stand-in failed\nsecond line`);
    return RESULTS[name as keyof typeof RESULTS];
  };
}

vi.mock('../../bench/suites/sim.ts', async () => ({ simSuite: await standIn('sim') }));
vi.mock('../../bench/suites/scaling.ts', async () => ({ scalingSuite: await standIn('scaling') }));
vi.mock('../../bench/suites/realtime.ts', async () => ({
  realtimeSuite: await standIn('realtime'),
}));
vi.mock('../../bench/suites/codec.ts', async () => ({ codecSuite: await standIn('codec') }));
vi.mock('../../bench/suites/load.ts', async () => ({ loadSuite: await standIn('load') }));
vi.mock('../../bench/suites/persist.ts', async () => ({ persistSuite: await standIn('persist') }));
vi.mock('../../bench/suites/llm.ts', async () => ({ llmSuite: await standIn('llm') }));
vi.mock('../../bench/suites/production.ts', async () => ({
  productionSuite: await standIn('production'),
}));
vi.mock('../../bench/machine.ts', async () => {
  const { MACHINE } = await import('./main-output/rows.ts');
  return { machineInfo: () => MACHINE };
});

/** Thrown by the stand-in process.exit so main stops where the real one would. */
class Exit extends Error {}

interface Outcome {
  stdout: string[];
  stderr: string[];
  exitCode: number | undefined;
}

/** Run bench/main.ts with `args` and gather what it printed until it finished or exited. */
async function bench(args: readonly string[]): Promise<string> {
  const out: Outcome = { stdout: [], stderr: [], exitCode: undefined };
  const text = (parts: unknown[]) => parts.map(String).join(' ');
  // After exit, the real process is gone: nothing it would still print counts.
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    if (out.exitCode === undefined) out.stdout.push(text(parts));
  });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    if (out.exitCode === undefined) out.stderr.push(text(parts));
  });
  vi.spyOn(process, 'exit').mockImplementation((code?: string | number | null) => {
    if (out.exitCode !== undefined) return undefined as never;
    out.exitCode = Number(code ?? 0);
    throw new Exit(`exit ${out.exitCode}`);
  });
  process.argv = [process.argv[0]!, 'bench/main.ts', ...args];
  vi.resetModules();
  const main = (await import('../../bench/main.ts')) as { done: Promise<void> };
  // The stand-in exit throws out of main's own error handler: that is where it ends.
  await main.done.catch((error: unknown) => {
    if (!(error instanceof Exit)) throw error;
  });
  const lines = [...out.stdout];
  if (out.stderr.length > 0) lines.push('--- stderr', ...out.stderr);
  if (out.exitCode !== undefined) lines.push(`--- exit ${out.exitCode}`);
  for (const [suite, options] of state.calls)
    lines.push(`--- ${suite} called with ${JSON.stringify(options)}`);
  return `${lines.join('\n')}\n`;
}

const argv = process.argv;

beforeEach(() => {
  state.calls.length = 0;
  state.failing.clear();
  // Defaults that follow the machine's cores, fixed so the options compare anywhere.
  vi.spyOn(os, 'availableParallelism').mockReturnValue(4);
});

afterEach(() => {
  vi.restoreAllMocks();
  process.argv = argv;
});

/** Name of the expected file, and the arguments after `npm run bench --`. */
const CASES: readonly (readonly [string, readonly string[]])[] = [
  ['sim', ['sim']],
  ['sim-json', ['sim', '--json', '--players', '5000', '--seconds', '3', '--seed', '7']],
  ['scaling', ['scaling', '--players', '1000,2000', '--workers', '2']],
  ['scaling-json', ['scaling', '--json']],
  ['realtime', ['realtime', '--workers', '3', '--seconds', '4']],
  ['realtime-json', ['realtime', '--json']],
  ['codec', ['codec', '--seconds', '2']],
  ['codec-json', ['codec', '--json']],
  ['load', ['load', '--clients', '20', '--seconds', '2', '--batch', '10']],
  ['load-json', ['load', '--json', '--workers', '2']],
  ['persist', ['persist', '--players', '5000', '--batch', '100,500']],
  ['persist-json', ['persist', '--json']],
  ['llm', ['llm', '--players', '20', '--seconds', '5', '--quiet-seconds', '1']],
  ['llm-json', ['llm', '--json', '--caps', 'server', '--seconds', '100', '--latency-ms', '50']],
  ['production', ['production', '--players', '2000', '--clients', '20', '--seconds', '2']],
  ['production-json', ['production', '--json']],
  ['no-suite', []],
  ['unknown-suite', ['nope']],
  ['seconds-not-integer', ['codec', '--seconds', '0.2']],
  ['caps-unknown', ['llm', '--caps', 'week']],
  ['report-without-all', ['sim', '--report']],
  ['all-with-suite-flags', ['all', '--players', '5', '--seconds', '1']],
  ['all-json-and-report', ['all', '--json', '--report']],
  ['compare-one-file', ['compare', 'a.json']],
  // Added with the registry: a flag the suite does not read is refused, not ignored.
  ['flag-not-the-suites', ['codec', '--players', '5', '--seconds', '1']],
];

describe('bench/main.ts output', () => {
  for (const [name, args] of CASES) {
    it(`${name}: bench ${args.join(' ')}`, async () => {
      await expect(await bench(args)).toMatchFileSnapshot(`main-output/expected/${name}.txt`);
    });
  }

  it('all --quick: each suite as it finishes, a failed one skipped', async () => {
    state.failing.add('llm');
    await expect(await bench(['all', '--quick'])).toMatchFileSnapshot(
      'main-output/expected/all-quick.txt',
    );
  });
});
