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

/**
 * Piscina loads a worker's entry with require() first and falls back to
 * import(). Since Node 20.19 require() of an ES module works, but it is not
 * yet safe to race with the ES module loader: under load a worker starting
 * up aborted the whole process (`FATAL ERROR: v8::Module::IsGraphAsync ...
 * must be used on an instantiated module`, seen in our test runs, from
 * piscina's require). Turning require(esm) off in the worker makes that
 * require fail at once with ERR_REQUIRE_ESM, before anything is loaded, and
 * Piscina takes its import() path, the one it used before Node had
 * require(esm). Older Node versions do not know the flag (and have no
 * require(esm) to turn off).
 */
const ESM_BY_IMPORT_ONLY: readonly string[] = process.allowedNodeEnvironmentFlags.has(
  '--no-experimental-require-module',
)
  ? ['--no-experimental-require-module']
  : [];

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
      execArgv: [
        ...ESM_BY_IMPORT_ONLY,
        ...(process.env.LIFETICK_WORKER_PROFILE
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LIFETICK_WORKER_PROFILE}`]
          : []),
      ],
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
