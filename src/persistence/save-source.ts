import type { Columns } from '../world/columns.ts';

/**
 * What the write-behind writer reads of the resident players: the columns
 * it copies rows from and whose dirty masks tell it who changed. Declared
 * here, below the engine, so that persistence never imports the engine;
 * the server passes the engine's world (world/store.ts WorldStore fits it)
 * and calls the writer's `phase2()` from the engine's publish step, the
 * only time the main thread may read the columns.
 */
export interface SaveSource {
  /** The columns as they are now (a grown world has new views). */
  readonly columns: Columns;
  /** Slots the columns hold now; the writer's per-slot tables grow to it. */
  readonly capacity: number;
  /** Slots handed out so far: none at or above it was ever tracked. */
  readonly highWater: number;
}
