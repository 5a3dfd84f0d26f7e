import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What a LoopMeter saw between start() and stop(), in milliseconds. */
export interface LoopReport {
  /** monitorEventLoopDelay: the longest a timer waited past its time, and the 99th percentile. */
  readonly maxDelayMs: number;
  readonly p99DelayMs: number;
  /**
   * The most CPU time the main thread used between two samples 1 ms apart:
   * the longest the loop ran its own work (callbacks, GC) without yielding.
   */
  readonly maxOwnMs: number;
  /**
   * The longest the main thread waited for a CPU between two samples: time
   * the operating system gave to other processes. Zero where the kernel does
   * not say (no /proc/thread-self/schedstat).
   */
  readonly maxWaitMs: number;
}

/** Linux's per-thread scheduler counters: nanoseconds on a CPU, and waiting for one. */
const SCHEDSTAT = '/proc/thread-self/schedstat';

/**
 * Nanoseconds the main thread of process `pid` (this one when omitted) has
 * waited for a CPU so far, from Linux's scheduler counters; 0 where the
 * kernel does not say. The difference over an interval is time the machine
 * gave to other work.
 */
export function cpuWaitNs(pid?: number): number {
  try {
    const path = pid === undefined ? SCHEDSTAT : `/proc/${pid}/task/${pid}/schedstat`;
    return Number(readFileSync(path, 'latin1').split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * Measures this process's event loop: monitorEventLoopDelay for the delays,
 * and the main thread's scheduler counters to tell a stall of our own (the
 * loop busy) from one the machine imposed (the thread waiting for a CPU,
 * as on a 2-core machine running other test suites). Start and stop it on
 * the main thread.
 */
export class LoopMeter {
  readonly #delay = monitorEventLoopDelay({ resolution: 1 });
  readonly #buffer = Buffer.alloc(128);
  #fd: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastCpu = 0;
  #lastWait = 0;
  #maxOwn = 0;
  #maxWait = 0;
  #opened = false;

  start(): void {
    this.#delay.enable();
    try {
      this.#fd = openSync(SCHEDSTAT, 'r');
    } catch {
      this.#fd = undefined;
    }
    [this.#lastCpu, this.#lastWait] = this.#read();
    // Sampled every millisecond, the period of the delay monitor.
    this.#timer = setInterval(() => this.#sample(), 1);
  }

  stop(): LoopReport {
    this.#sample();
    clearInterval(this.#timer);
    this.#delay.disable();
    this.#opened = this.#fd !== undefined;
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    const maxDelayMs = this.#delay.max / 1e6;
    const counted = this.#opened;
    return {
      maxDelayMs,
      p99DelayMs: this.#delay.percentile(99) / 1e6,
      // Without the counters every delay counts as our own.
      maxOwnMs: counted ? this.#maxOwn / 1e6 : maxDelayMs,
      maxWaitMs: counted ? this.#maxWait / 1e6 : 0,
    };
  }

  #sample(): void {
    const [cpu, wait] = this.#read();
    this.#maxOwn = Math.max(this.#maxOwn, cpu - this.#lastCpu);
    this.#maxWait = Math.max(this.#maxWait, wait - this.#lastWait);
    this.#lastCpu = cpu;
    this.#lastWait = wait;
  }

  /** [ns on a CPU, ns waiting for one] of the main thread so far. */
  #read(): [number, number] {
    if (this.#fd === undefined) return [0, 0];
    const n = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, 0);
    const [cpu, wait] = this.#buffer.toString('latin1', 0, n).split(' ');
    return [Number(cpu), Number(wait)];
  }
}
