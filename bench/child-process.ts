/**
 * Child processes and /proc readings shared by the benches that run the
 * server (and bots) as child processes: `load` and `llm`.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** `promise`, or a rejection after `ms`; the timer never outlives it. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
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
 * `node --import tsx <entry>`, through
 * `sh -c 'ulimit -n N; exec ...'` when the soft open-file limit is below
 * `fds` (exec keeps the pid, so the child's pid is node's).
 */
export function nodeCommand(
  entry: string,
  fds: number,
  label = 'bench',
): { command: string; args: string[] } {
  const args = ['--import', 'tsx', entry];
  const limits = openFileLimits();
  if (!limits || limits.soft >= fds) return { command: process.execPath, args };
  if (limits.hard < fds) {
    throw new Error(
      `${label}: ${fds} open files are needed but the hard limit is ${limits.hard}; raise it (ulimit -Hn) or use fewer clients`,
    );
  }
  return {
    command: '/bin/sh',
    args: ['-c', `ulimit -n ${fds} && exec "$0" "$@"`, process.execPath, ...args],
  };
}

export function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (!running(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Wait for exit; SIGKILL after `ms`. */
export async function stopChild(child: ChildProcess, ms: number): Promise<number | null> {
  const timer = setTimeout(() => {
    if (running(child)) child.kill('SIGKILL');
  }, ms);
  try {
    return await exited(child);
  } finally {
    clearTimeout(timer);
  }
}

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
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which sits in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
}

export function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return Math.round(kB / 1024);
}

/** A process's CPU between two readings, in percent of one core. */
export class CpuMeter {
  #lastCpu: number;
  #lastAt: number;
  readonly #startCpu: number;
  readonly #startAt: number;
  /** The highest percent any sample saw. */
  max = 0;

  constructor(readonly pid: number) {
    this.#lastCpu = this.#startCpu = cpuSeconds(pid);
    this.#lastAt = this.#startAt = performance.now();
  }

  /** Percent of one core since the previous sample (or construction); tracks the highest. */
  sample(): number {
    const cpu = cpuSeconds(this.pid);
    const at = performance.now();
    const pct = ((cpu - this.#lastCpu) / Math.max(1e-3, (at - this.#lastAt) / 1000)) * 100;
    this.#lastCpu = cpu;
    this.#lastAt = at;
    if (pct > this.max) this.max = pct;
    return pct;
  }

  /** The same as sample(): percent since the previous reading, starting the next lap. */
  lap(): number {
    return this.sample();
  }

  /** Mean percent of one core since construction. */
  mean(): number {
    return (
      ((this.#lastCpu - this.#startCpu) / Math.max(1e-3, (this.#lastAt - this.#startAt) / 1000)) *
      100
    );
  }
}

export interface ServerInfo {
  readonly port: number;
  readonly workers: number;
  readonly tickHz: number;
}

export interface ServerWatch {
  readonly ready: Promise<ServerInfo>;
  /** Log lines at warn or above (pino level >= 40), and the first few of them. */
  warnings: number;
  readonly firstWarnings: string[];
  /** The end of stderr, for a server that dies. */
  stderrTail: string;
}

/** Follow a server child's log: its listening line, warnings, and stderr for errors. */
export function watchServer(child: ChildProcess): ServerWatch {
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

/**
 * A bot process's messages, kept from the moment it starts (two messages
 * can arrive in one read, before a waiter for the second is in place).
 */
export class BotsChannel<M extends { readonly type: string }> {
  readonly #seen = new Map<M['type'], M>();
  readonly #waiters = new Set<() => void>();
  #exit: string | undefined;

  constructor(bots: ChildProcess, onMessage?: (message: M) => void) {
    bots.on('message', (message: M) => {
      onMessage?.(message);
      this.#seen.set(message.type, message);
      for (const wake of this.#waiters) wake();
    });
    bots.once('exit', (code, signal) => {
      this.#exit = String(signal ?? code);
      for (const wake of this.#waiters) wake();
    });
  }

  /** The first message of `type`; rejects when the bots exit first or time runs out. */
  next<K extends M['type']>(
    type: K,
    timeoutMs: number,
    what = `"${type}"`,
  ): Promise<Extract<M, { type: K }>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const message = this.#seen.get(type);
        if (message) {
          done();
          resolve(message as Extract<M, { type: K }>);
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
