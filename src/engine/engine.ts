import type { Catalog } from '../content/catalog.ts';
import { defaultCatalog } from '../content/default-catalog.ts';
import { createLife, type LifeOptions } from '../sim/birth.ts';
import { GameError } from '../sim/game-error.ts';
import type { Columns } from '../world/columns.ts';
import { type PlayerHandle, WorldStore } from '../world/store.ts';
import type { SimulateResult, SimulateTask } from './messages.ts';
import { SimPool } from './pool.ts';
import { TickLoop, type TickLoopCounters } from './tick-loop.ts';
import { TickStats } from './tick-stats.ts';

export interface EngineOptions {
  /** Slots committed at start. */
  readonly capacity: number;
  /** Slots the world may grow to without a restart (default: 4x capacity, at least 1M). */
  readonly maxCapacity?: number;
  readonly workers: number;
  readonly tickHz: number;
  /**
   * Game time runs this many times faster than the speed levels say
   * (default 1). A development setting: tests and demos live a life in
   * seconds at the top speed level.
   */
  readonly timeScale?: number;
  /** Slots per simulate task (default: about four tasks per worker per tick). */
  readonly batchSize?: number;
  /** Most tick periods one late tick may cover (default 10). */
  readonly maxMergedTicks?: number;
  /** Commands waiting for a simulate phase to end, at most (default 65,536). */
  readonly maxQueuedCommands?: number;
  /** A different worker entry (tests use one that fails on purpose). */
  readonly workerFile?: URL;
}

/** What one tick did and how long each phase took. */
export interface TickReport {
  readonly tick: number;
  readonly quanta: number;
  /** Game minutes advanced, summed over all players. */
  readonly minutes: number;
  readonly events: number;
  readonly simulateMs: number;
  readonly applyMs: number;
  readonly publishMs: number;
}

/** Phase 2 hook: reads the columns and dirty masks after a tick, before they are cleared. */
export type Publisher = (columns: Columns, highWater: number, tick: number) => void;

/** Called for every event fired, with the player's slot and the event's catalog index. */
export type EventListener = (slot: number, event: number) => void;

export class TickError extends Error {
  override readonly name = 'TickError';
}

/**
 * The engine: the world's columns, the simulate pool and the two-phase tick.
 *
 * Phase 1 (simulate) splits the occupied range into batches and runs them on
 * the pool; the main thread does not touch the columns meanwhile. Phase 2
 * (apply and publish) runs on the main thread while the workers are idle:
 * the commands that arrived during phase 1, the fired events, the publishers,
 * then the dirty masks are cleared. Between ticks a command runs the moment
 * it is submitted.
 */
export class Engine {
  readonly world: WorldStore;
  readonly catalog: Catalog;
  readonly stats = new TickStats();
  #pool: SimPool;
  readonly #loop: TickLoop;
  readonly #options: EngineOptions;
  readonly #publishers: Publisher[] = [];
  readonly #eventListeners: EventListener[] = [];
  readonly #tickErrorListeners: ((error: unknown) => void)[] = [];
  readonly #tickListeners: ((report: TickReport) => void)[] = [];
  #queue: (() => void)[] = [];
  #simulating = false;
  #tick = 0;
  #batchSize: number | undefined;
  #tickHz: number;
  #minutesTotal = 0;

  constructor(options: EngineOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new RangeError(`engine: workers must be a positive integer, got ${options.workers}`);
    }
    this.#options = options;
    this.#tickHz = options.tickHz;
    this.#batchSize = options.batchSize;
    this.catalog = defaultCatalog();
    this.world = new WorldStore({
      capacity: options.capacity,
      maxCapacity: options.maxCapacity ?? Math.max(options.capacity * 4, 1 << 20),
    });
    const poolOptions = { buffers: this.world.buffers, workers: options.workers };
    this.#pool = new SimPool(
      options.workerFile ? { ...poolOptions, workerFile: options.workerFile } : poolOptions,
    );
    this.#loop = new TickLoop({
      hz: options.tickHz,
      maxMerge: options.maxMergedTicks ?? 10,
      run: (quanta) => this.tick(quanta),
      onError: (error) => {
        for (const listener of this.#tickErrorListeners) listener(error);
      },
    });
  }

  get tickNumber(): number {
    return this.#tick;
  }

  /** How many times faster than the speed levels game time runs (1 in production). */
  get timeScale(): number {
    return this.#options.timeScale ?? 1;
  }

  get tickHz(): number {
    return this.#tickHz;
  }

  get workers(): number {
    return this.#pool.workers;
  }

  get simulating(): boolean {
    return this.#simulating;
  }

  /** Game minutes advanced over all players since start. */
  get minutesSimulated(): number {
    return this.#minutesTotal;
  }

  get loopCounters(): TickLoopCounters {
    return this.#loop.counters;
  }

  onPublish(publisher: Publisher): void {
    this.#publishers.push(publisher);
  }

  onEvent(listener: EventListener): void {
    this.#eventListeners.push(listener);
  }

  /** Called after every tick that completed, with its report. */
  onTick(listener: (report: TickReport) => void): void {
    this.#tickListeners.push(listener);
  }

  onTickError(listener: (error: unknown) => void): void {
    this.#tickErrorListeners.push(listener);
  }

  /**
   * Run `command` against the world: at once when no simulate phase is in
   * flight, otherwise right after that phase ends (never during it). The
   * queue is bounded: when it is full the command is refused with
   * RATE_LIMITED rather than held, since a backlog that large means clients
   * are outrunning the server.
   */
  submit<T>(command: () => T): Promise<T> {
    if (!this.#simulating) {
      try {
        return Promise.resolve(command());
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (this.#queue.length >= (this.#options.maxQueuedCommands ?? 65_536)) {
      return Promise.reject(
        new GameError('RATE_LIMITED', 'server busy: too many commands waiting'),
      );
    }
    return new Promise<T>((resolve, reject) => {
      this.#queue.push(() => {
        try {
          resolve(command());
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  /** Create a life in a new slot. Call it between ticks (inside `submit` when a loop runs). */
  spawn(options: LifeOptions): PlayerHandle {
    this.#assertIdle('spawn');
    const handle = this.world.allocate();
    createLife(this.world.columns, this.world.resolve(handle), options);
    return handle;
  }

  /** The slot of a live handle; throws NOT_FOUND for a stale one. */
  slotOf(handle: PlayerHandle): number {
    const slot = this.world.resolve(handle);
    if (slot < 0) throw new GameError('NOT_FOUND', 'no such player (stale or evicted handle)');
    return slot;
  }

  /** Set the slots per simulate task (undefined: automatic). */
  setBatchSize(size: number | undefined): void {
    if (size !== undefined && !(Number.isInteger(size) && size > 0)) {
      throw new RangeError(`batch size must be a positive integer, got ${size}`);
    }
    this.#batchSize = size;
  }

  /**
   * One tick covering `quanta` tick periods of game time. Rejects with a
   * TickError when a batch failed; the other batches' work stands, queued
   * commands still run and the engine is ready for the next tick.
   */
  async tick(quanta = 1): Promise<TickReport> {
    this.#assertIdle('tick');
    const tick = ++this.#tick;
    const started = performance.now();
    const tasks = this.#batches(tick, quanta);
    this.#simulating = true;
    let settled: PromiseSettledResult<SimulateResult>[];
    try {
      settled = await Promise.allSettled(tasks.map((t) => this.#pool.run(t)));
    } finally {
      this.#simulating = false;
    }
    const simulated = performance.now();

    // Phase 2: commands first, so what a player did during phase 1 is applied
    // before the state is published.
    this.#drainQueue();
    let minutes = 0;
    let events = 0;
    let failure: unknown;
    for (const r of settled) {
      if (r.status === 'rejected') {
        failure ??= r.reason;
        continue;
      }
      minutes += r.value.minutes;
      const fired = r.value.events;
      events += fired.length / 2;
      for (let k = 0; k < fired.length; k += 2) {
        for (const listener of this.#eventListeners) listener(fired[k]!, fired[k + 1]!);
      }
    }
    this.#minutesTotal += minutes;
    const applied = performance.now();
    this.#publish(tick);
    const published = performance.now();

    this.stats.record('simulate', simulated - started);
    this.stats.record('apply', applied - simulated);
    this.stats.record('publish', published - applied);
    this.stats.record('total', published - started);
    if (failure !== undefined) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      throw new TickError(`tick ${tick}: a simulate batch failed: ${reason}`, { cause: failure });
    }
    const report: TickReport = {
      tick,
      quanta,
      minutes,
      events,
      simulateMs: simulated - started,
      applyMs: applied - simulated,
      publishMs: published - applied,
    };
    for (const listener of this.#tickListeners) listener(report);
    return report;
  }

  /**
   * Change the number of simulate workers without a restart or a missed
   * tick: a new pool over the same shared buffers starts and warms up while
   * the old one keeps ticking, then takes over between two ticks; the old
   * pool closes once its last tick is done.
   */
  async setWorkers(workers: number): Promise<void> {
    if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
      throw new RangeError(`engine: workers must be an integer 1..256, got ${workers}`);
    }
    if (workers === this.#pool.workers) return;
    const poolOptions = { buffers: this.world.buffers, workers };
    const next = new SimPool(
      this.#options.workerFile
        ? { ...poolOptions, workerFile: this.#options.workerFile }
        : poolOptions,
    );
    // An empty range: each worker loads the entry and builds its views.
    await next.warm({
      start: 0,
      end: 0,
      tick: 0,
      quanta: 0,
      tickHz: this.#tickHz,
      timeScale: this.timeScale,
      capacity: this.world.capacity,
    });
    const old = await this.submit(() => {
      const previous = this.#pool;
      this.#pool = next;
      return previous;
    });
    await old.close();
  }

  /** Each simulate worker's busy share of its time since it started (0..1). */
  workerUtilization(): number[] {
    return this.#pool.workerUtilization();
  }

  /** Start ticking in real time at the configured rate. */
  start(): void {
    this.#loop.start();
  }

  /** Change the tick rate without a restart; takes effect from the next tick. */
  setTickHz(hz: number): void {
    this.#loop.setHz(hz);
    this.#tickHz = hz;
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  async close(): Promise<void> {
    await this.#loop.stop();
    await this.#pool.close();
  }

  #batches(tick: number, quanta: number): SimulateTask[] {
    const end = this.world.highWater;
    const workers = this.#pool.workers;
    // About four tasks per worker per tick lets a worker that finishes early
    // take another batch, without paying task overhead per few players.
    const size = this.#batchSize ?? Math.max(4096, Math.ceil(end / (workers * 4)));
    const capacity = this.world.capacity;
    const tasks: SimulateTask[] = [];
    for (let start = 0; start < end; start += size) {
      tasks.push({
        start,
        end: Math.min(end, start + size),
        tick,
        quanta,
        tickHz: this.#tickHz,
        timeScale: this.timeScale,
        capacity,
      });
    }
    return tasks;
  }

  #drainQueue(): void {
    // Commands submitted by these commands (none today) would land in the
    // next queue, which runs after the next phase 1 at the latest.
    const queue = this.#queue;
    this.#queue = [];
    for (const command of queue) command();
  }

  #publish(tick: number): void {
    const columns = this.world.columns;
    const highWater = this.world.highWater;
    for (const publisher of this.#publishers) publisher(columns, highWater, tick);
    columns.dirty.fill(0, 0, highWater * (columns.dirty.length / columns.capacity));
  }

  #assertIdle(what: string): void {
    if (this.#simulating) throw new Error(`engine: ${what} during a simulate phase; use submit()`);
  }
}
