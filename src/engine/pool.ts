import { Piscina } from 'piscina';
import { loadableWorkerFile } from '../kit/worker-bundle.ts';
import type { ColumnBuffers } from '../world/columns.ts';
import type { SimulateResult, SimulateTask, SimulateWorkerData } from './messages.ts';

/** The simulate worker shipped with the engine, as source or as built JavaScript. */
export function defaultWorkerFile(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(`../../workers/simulate.${fromSource ? 'ts' : 'js'}`, import.meta.url);
}

export interface SimPoolOptions {
  readonly buffers: ColumnBuffers;
  readonly workers: number;
  readonly workerFile?: URL;
}

/** The Piscina pool that runs simulate tasks over the shared columns. */
export class SimPool {
  readonly #pool: Piscina<SimulateTask, SimulateResult>;
  #workers: number;

  constructor(options: SimPoolOptions) {
    const file = loadableWorkerFile(options.workerFile ?? defaultWorkerFile());
    this.#workers = options.workers;
    const workerData: SimulateWorkerData = { buffers: options.buffers };
    this.#pool = new Piscina({
      filename: file.href,
      workerData,
      // LIFETICK_WORKER_PROFILE=<dir> writes a V8 CPU profile per worker there
      // (the main thread's own --cpu-prof does not reach worker threads).
      execArgv: process.env.LIFETICK_WORKER_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LIFETICK_WORKER_PROFILE}`]
        : [],
      minThreads: options.workers,
      maxThreads: options.workers,
      // A tick hands out about four batches per worker (engine.ts #batches)
      // and waits for them all, so the queue holds at most one tick's
      // batches: 4 x 256 workers, the most the configuration allows, is
      // 1024. The bound turns a scheduling bug into an error instead of a
      // leak; so does a batch size small enough to make more batches than
      // that in one tick (the tick fails with the pool's queue error).
      maxQueue: 1024,
      // Workers stay up between ticks: a tick is 50 ms away at most.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
  }

  get workers(): number {
    return this.#workers;
  }

  run(task: SimulateTask): Promise<SimulateResult> {
    return this.#pool.run(task);
  }

  /** Utilisation of the pool as a whole (0..1), as Piscina measures it. */
  get utilization(): number {
    return this.#pool.utilization;
  }

  /** Each worker thread's event-loop utilisation since it started (0..1: busy share of its time). */
  workerUtilization(): number[] {
    return this.#pool.threads.map((t) => t.performance.eventLoopUtilization().utilization);
  }

  /**
   * Resolve once every worker has started and loaded the simulate entry, by
   * running an empty task on each: a pool swapped in after this takes its
   * first real tick at full speed.
   */
  async warm(task: SimulateTask): Promise<void> {
    await Promise.all(Array.from({ length: this.#workers }, () => this.#pool.run(task)));
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
