import type { ColumnBuffers } from '../world/columns.ts';

/**
 * Every message that crosses the thread boundary between the scheduler and
 * the simulate workers, in one place.
 *
 * The shared column buffers travel once, as workerData, when a worker starts.
 * After that a task is a handful of numbers: which slots, which tick, how
 * much time, and how many slots the world holds now (so a worker whose views
 * predate a capacity increase rebuilds them; the buffers themselves grow in
 * place and never move).
 */

/** Given to each worker at start (Piscina `workerData`). */
export interface SimulateWorkerData {
  readonly buffers: ColumnBuffers;
}

/** One batch of one tick. */
export interface SimulateTask {
  /** Slots [start, end) to advance. */
  readonly start: number;
  readonly end: number;
  readonly tick: number;
  /** Tick periods of game time this tick covers (more than 1 when late ticks were merged). */
  readonly quanta: number;
  readonly tickHz: number;
  /** Game time runs this many times faster than the speed levels (engine option timeScale). */
  readonly timeScale: number;
  readonly capacity: number;
}

/** What a batch reports back. */
export interface SimulateResult {
  /** Game minutes advanced, summed over the batch's players. */
  readonly minutes: number;
  /** Events fired, as flat pairs (slot, catalog index) in slot order. */
  readonly events: Int32Array;
}
