/**
 * Child processes and /proc readings for the `llm` bench (the same ways as
 * the load bench's, which keeps its own private).
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
export function nodeCommand(entry: string, fds: number): { command: string; args: string[] } {
  const args = ['--import', 'tsx', entry];
  const limits = openFileLimits();
  if (!limits || limits.soft >= fds) return { command: process.execPath, args };
  if (limits.hard < fds) {
    throw new Error(
      `llm: ${fds} open files are needed but the hard limit is ${limits.hard}; raise it (ulimit -Hn) or use fewer --players`,
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
  #cpu: number;
  #at: number;

  constructor(readonly pid: number) {
    this.#cpu = cpuSeconds(pid);
    this.#at = performance.now();
  }

  /** Percent since construction or the last `lap`; starts the next lap. */
  lap(): number {
    const cpu = cpuSeconds(this.pid);
    const at = performance.now();
    const pct = ((cpu - this.#cpu) / Math.max(1e-3, (at - this.#at) / 1000)) * 100;
    this.#cpu = cpu;
    this.#at = at;
    return pct;
  }
}
