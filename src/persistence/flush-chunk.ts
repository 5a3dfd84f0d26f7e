import type { Columns } from '../world/columns.ts';
import { blockBytes, copySlotsToBlocks } from './raw-rows.ts';
import type { UnsavedSlots } from './unsaved-slots.ts';

/** A snapshot of some players on its way to the database. */
export interface Chunk {
  readonly slots: readonly number[];
  /** When each slot's change was first unsaved, to restore on failure. */
  readonly since: readonly number[];
  readonly ids: readonly string[];
  readonly versions: Float64Array;
  readonly updatedAt: Float64Array;
  /** The hot state as column blocks (raw-rows.ts); transferred to the worker. */
  readonly blocks: ArrayBuffer;
  /** Indexes of the players whose cold state goes with this save... */
  readonly coldAt: readonly number[];
  /** ...and that state, as MessagePack. */
  readonly colds: readonly Uint8Array[];
}

/**
 * What a snapshot reads besides the columns: who is unsaved, and each
 * player's cold state with the bytes last saved of it (a save leaves out a
 * cold state that is the very same bytes as the saved one).
 */
export interface ChunkSources {
  readonly columns: Columns;
  readonly unsaved: UnsavedSlots;
  /** A player's cold state as saved bytes; the same object until it changes. */
  readonly cold: ((slot: number) => Uint8Array) | undefined;
  /** The cold bytes the database holds for each slot, as far as the writer knows. */
  readonly coldSaved: readonly (Uint8Array | undefined)[];
}

const NO_COLD = new Uint8Array(0);

/**
 * Copy the players' current state out of the columns (column blocks: one
 * typed-array copy per column and run of consecutive slots), each with a
 * new version. Call with the columns quiet (phase 2, or the engine idle).
 */
export function snapshotChunk(src: ChunkSources, slots: readonly number[], now: number): Chunk {
  const n = slots.length;
  const blocks = new ArrayBuffer(blockBytes(n));
  copySlotsToBlocks(src.columns, slots, n, blocks);
  const versions = new Float64Array(n);
  const updatedAt = new Float64Array(n).fill(now);
  const ids: string[] = new Array(n);
  const since: number[] = new Array(n);
  const coldAt: number[] = [];
  const colds: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const s = slots[i]!;
    const cold = src.cold?.(s) ?? NO_COLD;
    if (cold !== src.coldSaved[s]) {
      coldAt.push(i);
      colds.push(cold);
    }
    ids[i] = src.unsaved.idOf(s)!;
    const first = src.unsaved.changedSince(s);
    since[i] = first;
    versions[i] = src.unsaved.beginSave(s, first);
  }
  return { slots, since, ids, versions, updatedAt, blocks, coldAt, colds };
}
