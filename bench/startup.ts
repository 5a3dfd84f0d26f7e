/**
 * Start-up of the two ways to run the server: `npm start` (the TypeScript
 * sources through tsx) and `npm run start:prod` (dist/ of `npm run build`,
 * plain node). `npm run bench:startup -- [--runs 5] [--json]`; build first.
 *
 * Each run starts the server's node process directly (no npm in between) on
 * the default settings, with a fresh data dir and a port of its own, and
 * measures the time from spawn to the first 200 from /health, then the
 * process's RSS (all its threads: the simulate and persistence workers are
 * threads), peak RSS and CPU time (user + system, every thread) at that
 * moment. CPU time says more than wall time on a shared machine, where the
 * wall time grows with everyone else's load; it leaves out esbuild's own
 * process, which bundles the worker entries when running from source. The two ways alternate, run by run,
 * so a machine that gets busier part-way skews both alike; one unmeasured
 * start of each first fills the caches both ways keep (tsx's compile cache,
 * the worker bundles, the OS page cache).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stopChild, withTimeout } from './child-process.ts';
import { machineInfo } from './machine.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The two ways, as the node arguments each runs. */
const WAYS = {
  source: ['--import', 'tsx', 'src/cli/start.ts'],
  built: ['dist/src/cli/start.js'],
} as const;
type Way = keyof typeof WAYS;

/** Longest a start may take before the run is called failed (a loaded 2-core machine). */
const START_TIMEOUT_MS = 60_000;
/** Between /health polls: short against a start of a second or more. */
const POLL_MS = 10;

interface StartupRow {
  readonly way: Way;
  readonly run: number;
  readonly healthMs: number;
  readonly rssMB: number;
  readonly peakRssMB: number;
  readonly cpuMs: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** CPU time (user + system, every thread) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, in clock ticks: 100 per second on Linux (USER_HZ).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memoryMB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
  return { rss: Math.round(kB('VmRSS') / 1024), peak: Math.round(kB('VmHWM') / 1024) };
}

async function healthAnswers(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before /health`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false, // not listening yet
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function startOnce(way: Way, run: number): Promise<StartupRow> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lifetick-startup-'));
  const started = performance.now();
  const child = spawn(process.execPath, [...WAYS[way]], {
    cwd: root,
    env: {
      ...process.env,
      LIFETICK_PORT: String(port),
      LIFETICK_HOST: '127.0.0.1',
      LIFETICK_DATA_DIR: dataDir,
      LIFETICK_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await withTimeout(
      healthAnswers(`http://127.0.0.1:${port}/health`, child),
      START_TIMEOUT_MS,
      `${way}: /health did not answer within ${START_TIMEOUT_MS} ms`,
    );
    const healthMs = Math.round(performance.now() - started);
    const memory = memoryMB(child.pid!);
    const cpu = cpuMs(child.pid!);
    return { way, run, healthMs, rssMB: memory.rss, peakRssMB: memory.peak, cpuMs: cpu };
  } finally {
    child.kill('SIGTERM');
    await stopChild(child, 15_000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  if (!existsSync(path.join(root, WAYS.built[0])))
    throw new Error('no dist/: run `npm run build` first');
  const machine = machineInfo();
  for (const way of Object.keys(WAYS) as Way[]) await startOnce(way, 0);
  const rows: StartupRow[] = [];
  for (let run = 1; run <= runs; run++) {
    for (const way of Object.keys(WAYS) as Way[]) rows.push(await startOnce(way, run));
  }
  const summary = (Object.keys(WAYS) as Way[]).map((way) => {
    const mine = rows.filter((row) => row.way === way);
    return {
      way,
      command: `node ${WAYS[way].join(' ')}`,
      medianHealthMs: median(mine.map((row) => row.healthMs)),
      medianRssMB: median(mine.map((row) => row.rssMB)),
      medianPeakRssMB: median(mine.map((row) => row.peakRssMB)),
      medianCpuMs: median(mine.map((row) => row.cpuMs)),
    };
  });
  if (values.json) {
    console.log(JSON.stringify({ suite: 'startup', machine, runs, summary, rows }, null, 2));
    return;
  }
  console.log(`machine: ${JSON.stringify(machine)}`);
  console.log(`runs: ${runs} per way (medians; every run below)`);
  for (const s of summary)
    console.log(
      `${s.way.padEnd(6)}  /health after ${s.medianHealthMs} ms  CPU ${s.medianCpuMs} ms  RSS ${s.medianRssMB} MB  peak ${s.medianPeakRssMB} MB  (${s.command})`,
    );
  for (const row of rows)
    console.log(
      `  ${row.way.padEnd(6)} #${row.run}  ${row.healthMs} ms  CPU ${row.cpuMs} ms  ${row.rssMB} MB  peak ${row.peakRssMB} MB`,
    );
}

main().catch((error: unknown) => {
  console.error(`bench:startup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
