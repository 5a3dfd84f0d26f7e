import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchMessage, BotsConfig, BotsMessage, BotsResult } from '../load/messages.ts';
import type { LoadRow } from '../row.ts';

export interface LoadSuiteOptions {
  readonly clients: number;
  readonly seconds: number;
  /** Server worker threads; the server's default when undefined. */
  readonly workers: number | undefined;
  /** Connections opened at once while ramping up. */
  readonly batch: number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_ENTRY = path.join(ROOT, 'src/cli/start.ts');
const BOTS_ENTRY = path.join(ROOT, 'bench/load/bots.ts');
/** Milliseconds between one bot's commands. */
const COMMAND_INTERVAL_MS = 2_000;
const SERVER_START_TIMEOUT_MS = 60_000;
/** SIGTERM to exit: the server itself gives up after 10 s. */
const SERVER_STOP_TIMEOUT_MS = 15_000;
const BOTS_STOP_TIMEOUT_MS = 15_000;
/** File descriptors a process needs beyond one per connection. */
const FD_HEADROOM = 512;

const log = (line: string) => process.stderr.write(`load: ${line}\n`);

/** `promise`, or a rejection after `ms`; the timer never outlives it. */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// -- processes ---------------------------------------------------------------------------

/** This process's open-file limits (children inherit them). */
function openFileLimits(): { soft: number; hard: number } | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = line?.split(/\s{2,}/).slice(1, 3) ?? [];
    const num = (v: string | undefined) =>
      v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v);
    const limits = { soft: num(soft), hard: num(hard) };
    return Number.isNaN(limits.soft) || Number.isNaN(limits.hard) ? undefined : limits;
  } catch {
    return undefined;
  }
}

/**
 * `node --import tsx <entry>`, through `sh -c 'ulimit -n N; exec ...'` when
 * the soft open-file limit is below what `fds` connections need (exec keeps
 * the pid, so the child's pid is node's).
 */
function nodeCommand(entry: string, fds: number): { command: string; args: string[] } {
  const args = ['--import', 'tsx', entry];
  const limits = openFileLimits();
  if (!limits || limits.soft >= fds) return { command: process.execPath, args };
  if (limits.hard < fds) {
    throw new Error(
      `load: ${fds} open files are needed but the hard limit is ${limits.hard}; raise it (ulimit -Hn) or use fewer --clients`,
    );
  }
  return {
    command: '/bin/sh',
    args: ['-c', `ulimit -n ${fds} && exec "$0" "$@"`, process.execPath, ...args],
  };
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (!running(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Wait for exit; SIGKILL after `ms`. */
async function stopChild(child: ChildProcess, ms: number): Promise<number | null> {
  const timer = setTimeout(() => {
    if (running(child)) child.kill('SIGKILL');
  }, ms);
  try {
    return await exited(child);
  } finally {
    clearTimeout(timer);
  }
}

// -- /proc sampling ------------------------------------------------------------------------

let clockTicks: number | undefined;
function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU seconds (user + system, all threads) a process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
}

function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return Math.round(kB / 1024);
}

/** A process's CPU over an interval, in percent of one core. */
class CpuMeter {
  #lastCpu: number;
  #lastAt: number;
  #startCpu: number;
  #startAt: number;
  max = 0;

  constructor(readonly pid: number) {
    this.#lastCpu = this.#startCpu = cpuSeconds(pid);
    this.#lastAt = this.#startAt = performance.now();
  }

  /** Percent since the previous sample; tracks the highest. */
  sample(): number {
    const cpu = cpuSeconds(this.pid);
    const at = performance.now();
    const pct = ((cpu - this.#lastCpu) / ((at - this.#lastAt) / 1000)) * 100;
    this.#lastCpu = cpu;
    this.#lastAt = at;
    if (pct > this.max) this.max = pct;
    return pct;
  }

  /** Mean percent since construction. */
  mean(): number {
    return ((this.#lastCpu - this.#startCpu) / ((this.#lastAt - this.#startAt) / 1000)) * 100;
  }
}

// -- the server ---------------------------------------------------------------------------

interface ServerInfo {
  readonly port: number;
  readonly workers: number;
  readonly tickHz: number;
}

interface ServerWatch {
  readonly ready: Promise<ServerInfo>;
  /** Log lines at warn or above (pino level >= 40), and the first few of them. */
  warnings: number;
  readonly firstWarnings: string[];
  /** The end of stderr, for a server that dies. */
  stderrTail: string;
}

function watchServer(child: ChildProcess): ServerWatch {
  let resolveReady: (info: ServerInfo) => void;
  let rejectReady: (error: Error) => void;
  const watch: ServerWatch = {
    ready: new Promise<ServerInfo>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    }),
    warnings: 0,
    firstWarnings: [],
    stderrTail: '',
  };
  let listening = false;
  // Read every line until the end, so the pipe never fills and stalls the server.
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let entry: {
      level?: unknown;
      msg?: unknown;
      port?: unknown;
      workers?: unknown;
      tickHz?: unknown;
    };
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof entry.level === 'number' && entry.level >= 40) {
      watch.warnings++;
      if (watch.firstWarnings.length < 10) watch.firstWarnings.push(line.slice(0, 400));
    }
    if (
      !listening &&
      typeof entry.msg === 'string' &&
      entry.msg.startsWith('listening on') &&
      typeof entry.port === 'number'
    ) {
      listening = true;
      resolveReady({
        port: entry.port,
        workers: typeof entry.workers === 'number' ? entry.workers : 0,
        tickHz: typeof entry.tickHz === 'number' ? entry.tickHz : 0,
      });
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    watch.stderrTail = (watch.stderrTail + chunk.toString('utf8')).slice(-4000);
  });
  child.once('exit', (code, signal) => {
    if (!listening) {
      rejectReady(
        new Error(
          `server exited (${signal ?? code}) before listening:\n${watch.stderrTail || '(no stderr)'}`,
        ),
      );
    }
  });
  return watch;
}

interface ServerCounters {
  readonly tickP99Ms: number;
  readonly lateTicks: number;
  readonly updatesSkipped: number;
  readonly rateLimited: number;
}

async function serverCounters(port: number): Promise<ServerCounters> {
  const base = `http://127.0.0.1:${port}`;
  const stats = (await (
    await fetch(`${base}/stats`, { signal: AbortSignal.timeout(5000) })
  ).json()) as {
    ticks?: { total?: { p99Ms?: number }; merged?: number; dropped?: number };
  };
  const metrics = await (
    await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) })
  ).text();
  const counter = (name: string) => {
    const match = new RegExp(`^${name}(?:\\{\\})? (\\S+)$`, 'm').exec(metrics);
    return match ? Number(match[1]) : 0;
  };
  return {
    tickP99Ms: stats.ticks?.total?.p99Ms ?? 0,
    lateTicks: (stats.ticks?.merged ?? 0) + (stats.ticks?.dropped ?? 0),
    updatesSkipped: counter('lifetick_updates_skipped_total'),
    rateLimited: counter('lifetick_rate_limited_total'),
  };
}

// -- the bots ------------------------------------------------------------------------------

/**
 * The bot process's messages, kept from the moment it starts: two messages
 * can arrive in one read, before a waiter for the second is in place.
 */
class BotsChannel {
  readonly #seen = new Map<BotsMessage['type'], BotsMessage>();
  readonly #waiters = new Set<() => void>();
  #exit: string | undefined;

  constructor(bots: ChildProcess) {
    bots.on('message', (message: BotsMessage) => {
      if (message.type === 'progress') {
        const { attempted, connected, failed } = message;
        log(`ramp: ${attempted} attempted, ${connected} connected, ${failed} failed`);
      }
      this.#seen.set(message.type, message);
      for (const wake of this.#waiters) wake();
    });
    bots.once('exit', (code, signal) => {
      this.#exit = String(signal ?? code);
      for (const wake of this.#waiters) wake();
    });
  }

  /** The first message of `type`; rejects when the bots exit first or time runs out. */
  next<K extends BotsMessage['type']>(
    type: K,
    timeoutMs: number,
    what: string,
  ): Promise<Extract<BotsMessage, { type: K }>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const message = this.#seen.get(type);
        if (message) {
          done();
          resolve(message as Extract<BotsMessage, { type: K }>);
        } else if (this.#exit !== undefined) {
          done();
          reject(new Error(`bot process exited (${this.#exit}) while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} from the bot process in ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }
}

// -- the suite --------------------------------------------------------------------------------

/**
 * Suite `load`: the server as a child process on 127.0.0.1 (ephemeral port,
 * temporary data dir, random secret), `clients` bots in one other child
 * process, ramped up in batches, then measured for `seconds`: connections,
 * welcome time, command round trips, update frames, and the server's CPU
 * and memory from /proc. Both children are killed on any error.
 */
export async function loadSuite(options: LoadSuiteOptions) {
  const fds = options.clients + FD_HEADROOM;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lifetick-load-'));
  const secret = randomBytes(24).toString('base64url');
  let server: ChildProcess | undefined;
  let bots: ChildProcess | undefined;
  let rssSampler: NodeJS.Timeout | undefined;
  // Last resorts, synchronous: this process exiting, or interrupted.
  const killAll = () => {
    if (bots && running(bots)) bots.kill('SIGKILL');
    if (server && running(server)) server.kill('SIGKILL');
  };
  // Interrupted: make the run fail, so the finally below stops the server
  // gently and removes the data dir. A second signal kills at once.
  const interrupted = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping`);
    if (bots && running(bots)) bots.kill('SIGKILL');
    else if (server && running(server)) server.kill('SIGTERM');
  };
  process.once('exit', killAll);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // The server: the environment is ours alone, no LIFETICK_* leaks in.
    const env: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('LIFETICK_')),
    );
    Object.assign(env, {
      LIFETICK_PORT: '0',
      LIFETICK_HOST: '127.0.0.1',
      LIFETICK_SECRET: secret,
      LIFETICK_DATA_DIR: dataDir,
      LIFETICK_LOG_LEVEL: 'info',
      LIFETICK_CAPACITY: String(options.clients),
      ...(options.workers === undefined ? {} : { LIFETICK_WORKERS: String(options.workers) }),
    });
    const serverCmd = nodeCommand(SERVER_ENTRY, fds);
    server = spawn(serverCmd.command, serverCmd.args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const watch = watchServer(server);
    const info = await withTimeout(
      watch.ready,
      SERVER_START_TIMEOUT_MS,
      `server did not log "listening on" in ${SERVER_START_TIMEOUT_MS / 1000} s`,
    );
    const serverPid = server.pid!;
    log(
      `server pid ${serverPid} on 127.0.0.1:${info.port}, ${info.workers} workers, ${info.tickHz} Hz`,
    );
    let serverRssMax = rssMB(serverPid);
    rssSampler = setInterval(() => {
      try {
        serverRssMax = Math.max(serverRssMax, rssMB(serverPid));
      } catch {
        // The server gone: the waits below report it.
      }
    }, 1000);

    // The bots, in their own process.
    const config: BotsConfig = {
      port: info.port,
      clients: options.clients,
      seconds: options.seconds,
      secret,
      batch: options.batch,
      intervalMs: COMMAND_INTERVAL_MS,
    };
    const botsCmd = nodeCommand(BOTS_ENTRY, fds);
    bots = spawn(botsCmd.command, botsCmd.args, {
      cwd: ROOT,
      env: { ...process.env, LIFETICK_BOTS: JSON.stringify(config) },
      // Bot output goes to our stderr, so `--json` stdout stays one document.
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    bots.stdout!.pipe(process.stderr);
    bots.stderr!.pipe(process.stderr);
    const botsPid = bots.pid!;
    const channel = new BotsChannel(bots);

    // Ramp: a batch settles within 15 s at worst.
    const rampLimit = (Math.ceil(options.clients / options.batch) * 20 + 30) * 1000;
    await channel.next('window', rampLimit, 'ramp-up');
    log(`measuring for ${options.seconds} s`);
    const serverCpu = new CpuMeter(serverPid);
    const botsCpu = new CpuMeter(botsPid);
    const sampler = setInterval(() => {
      try {
        serverCpu.sample();
        botsCpu.sample();
      } catch {
        // A process gone mid-sample: the waits below report it.
      }
    }, 1000);
    try {
      await channel.next('windowEnd', (options.seconds + 30) * 1000, 'the end of the window');
    } finally {
      clearInterval(sampler);
    }
    serverCpu.sample();
    botsCpu.sample();
    const serverRssEnd = rssMB(serverPid);
    clearInterval(rssSampler);
    serverRssMax = Math.max(serverRssMax, serverRssEnd);
    const resultPromise = channel.next('result', 30_000, 'results');
    // Read while the clients are still connected.
    const counters = await serverCounters(info.port);
    const result: BotsResult = (await resultPromise).result;

    // Stop the bots, then the server.
    bots.send({ type: 'stop' } satisfies BenchMessage);
    const botsExit = await stopChild(bots, BOTS_STOP_TIMEOUT_MS);
    if (botsExit !== 0) log(`bot process exited with ${botsExit}`);
    const termAt = performance.now();
    server.kill('SIGTERM');
    const serverExitCode = await stopChild(server, SERVER_STOP_TIMEOUT_MS);
    const shutdownSeconds = (performance.now() - termAt) / 1000;
    for (const line of watch.firstWarnings) log(`server log: ${line}`);
    if (serverExitCode !== 0 && watch.stderrTail) log(`server stderr:\n${watch.stderrTail}`);

    const window = result.windowSeconds;
    const row: LoadRow = {
      clients: options.clients,
      seconds: options.seconds,
      workers: info.workers,
      tickHz: info.tickHz,
      rampSeconds: result.rampSeconds,
      connectAttempted: result.connectAttempted,
      connectSucceeded: result.connectSucceeded,
      connectFailed: result.connectFailed,
      welcomeP50Ms: result.welcomeP50Ms,
      welcomeP99Ms: result.welcomeP99Ms,
      welcomeMaxMs: result.welcomeMaxMs,
      commandsSent: result.commandsSent,
      commandsAcked: result.commandsAcked,
      commandErrors: result.commandErrors,
      commandsUnanswered: result.commandsUnanswered,
      rttP50Ms: result.rttP50Ms,
      rttP95Ms: result.rttP95Ms,
      rttP99Ms: result.rttP99Ms,
      rttMaxMs: result.rttMaxMs,
      updatesPerSec: result.updates / window,
      updatesPerSecPerClient: result.updates / window / Math.max(1, result.liveAtEnd),
      bytesPerUpdate: result.updates === 0 ? 0 : result.updateBytes / result.updates,
      maxUpdatesPerPlayerTick: result.maxUpdatesPerPlayerTick,
      updatesOutOfOrder: result.updatesOutOfOrder,
      eventsReceived: result.eventsReceived,
      unexpectedCloses: result.unexpectedCloses,
      serverCpuPct: serverCpu.mean(),
      serverCpuMaxPct: serverCpu.max,
      serverRssMB: serverRssEnd,
      serverRssMaxMB: serverRssMax,
      botsCpuPct: botsCpu.mean(),
      botsLoopDelayP99Ms: result.loopDelayP99Ms,
      serverTickP99Ms: counters.tickP99Ms,
      serverLateTicks: counters.lateTicks,
      serverUpdatesSkipped: counters.updatesSkipped,
      serverRateLimited: counters.rateLimited,
      serverLogWarnings: watch.warnings,
      shutdownSeconds,
      serverExitCode,
      closeCodes: result.closeCodes,
      errorCodes: result.errorCodes,
      connectFailures: result.connectFailures,
    };
    return {
      rows: [row],
      ratios: {
        connectedOverAttempted: row.connectSucceeded / Math.max(1, row.connectAttempted),
        rttP99OverTickPeriod: row.rttP99Ms / (1000 / Math.max(1, row.tickHz)),
      },
    };
  } finally {
    clearInterval(rssSampler);
    // On the error path: the bots at once, the server as gently as it allows.
    if (bots && running(bots)) {
      bots.kill('SIGKILL');
      await exited(bots);
    }
    if (server && running(server)) {
      server.kill('SIGTERM');
      await stopChild(server, SERVER_STOP_TIMEOUT_MS);
    }
    process.off('exit', killAll);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await rm(dataDir, { recursive: true, force: true });
  }
}
