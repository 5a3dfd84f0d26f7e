import {
  allocateBuffers,
  type ColumnBuffers,
  type Columns,
  growBuffers,
  viewColumns,
} from './columns.ts';
import {
  COLUMN_LAYOUT,
  DIRTY_WORDS,
  EVENT_HISTORY_WORDS,
  HOT_FIELDS,
  NPC_FIELDS,
  NPC_SLOTS,
} from './schema.ts';

/**
 * A player's slot and the generation it was allocated in, packed into one
 * safe integer: `generation * 2^24 + slot`. A handle kept after its player was
 * evicted no longer resolves, so it cannot write into the slot's next owner.
 */
export type PlayerHandle = number & { readonly __brand: 'PlayerHandle' };

// 2^24 slots (16.7M players) per process is far beyond one machine's memory
// budget at ~200 bytes a player, and leaves 29 bits of generation inside a
// safe integer before a slot's generation would wrap.
const SLOT_BITS = 24;
const SLOT_LIMIT = 2 ** SLOT_BITS;
const GENERATION_LIMIT = 2 ** (53 - SLOT_BITS);

export function handleSlot(handle: PlayerHandle): number {
  return handle % SLOT_LIMIT;
}

export interface WorldOptions {
  /** Slots committed at start. */
  readonly capacity: number;
  /** The most slots the world may grow to without a restart (reserved address space). */
  readonly maxCapacity: number;
}

export class CapacityError extends Error {
  override readonly name = 'CapacityError';
}

/**
 * The main thread's owner of the shared columns: capacity, growth and the
 * slot allocator. Workers never allocate; they only advance occupied slots.
 */
export class WorldStore {
  readonly buffers: ColumnBuffers;
  readonly maxCapacity: number;
  #columns: Columns;
  #generation: Uint32Array;
  #occupied: Uint8Array;
  // Free slots below the high-water mark, reused before the mark advances so
  // that batches stay dense.
  #free: number[] = [];
  #highWater = 0;
  #count = 0;

  constructor(options: WorldOptions) {
    const { capacity, maxCapacity } = options;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`world: capacity must be a positive integer, got ${capacity}`);
    }
    if (!Number.isInteger(maxCapacity) || maxCapacity < capacity || maxCapacity > SLOT_LIMIT) {
      throw new RangeError(
        `world: maxCapacity must be an integer from capacity (${capacity}) to ${SLOT_LIMIT}, got ${maxCapacity}`,
      );
    }
    this.maxCapacity = maxCapacity;
    this.buffers = allocateBuffers(capacity, maxCapacity);
    this.#columns = viewColumns(this.buffers, capacity);
    this.#generation = new Uint32Array(capacity);
    this.#occupied = new Uint8Array(capacity);
    for (let s = 0; s < capacity; s++) resetSlot(this.#columns, s);
  }

  /** Current views; replaced (not mutated) when capacity grows. */
  get columns(): Columns {
    return this.#columns;
  }

  get capacity(): number {
    return this.#columns.capacity;
  }

  /** Slots in use. */
  get count(): number {
    return this.#count;
  }

  /** One past the highest slot ever allocated: the range the simulation covers. */
  get highWater(): number {
    return this.#highWater;
  }

  /**
   * Grow to `capacity` slots in place. Existing views stay valid (the buffers
   * grow, they do not move), so a simulate phase in flight is unaffected; it
   * simply does not see the new slots until the next tick.
   */
  grow(capacity: number): void {
    if (capacity <= this.capacity) return;
    if (capacity > this.maxCapacity) {
      throw new CapacityError(
        `world: cannot grow to ${capacity}, maxCapacity is ${this.maxCapacity}`,
      );
    }
    const old = this.capacity;
    growBuffers(this.buffers, capacity);
    this.#columns = viewColumns(this.buffers, capacity);
    const generation = new Uint32Array(capacity);
    generation.set(this.#generation);
    this.#generation = generation;
    const occupied = new Uint8Array(capacity);
    occupied.set(this.#occupied);
    this.#occupied = occupied;
    for (let s = old; s < capacity; s++) resetSlot(this.#columns, s);
  }

  /**
   * Take a free slot, growing (doubling, up to maxCapacity) when none is left.
   * The slot holds initial values; the caller creates or loads a life in it.
   */
  allocate(): PlayerHandle {
    let slot = this.#free.pop();
    if (slot === undefined) {
      if (this.#highWater === this.capacity) {
        if (this.capacity === this.maxCapacity) {
          throw new CapacityError(`world: full at maxCapacity ${this.maxCapacity}`);
        }
        this.grow(Math.min(this.maxCapacity, this.capacity * 2));
      }
      slot = this.#highWater++;
    }
    this.#occupied[slot] = 1;
    this.#count++;
    return (this.#generation[slot]! * SLOT_LIMIT + slot) as PlayerHandle;
  }

  /** The slot of a live handle, or -1 when the handle is stale or was never issued. */
  resolve(handle: PlayerHandle): number {
    if (!Number.isSafeInteger(handle) || handle < 0) return -1;
    const slot = handle % SLOT_LIMIT;
    const generation = (handle - slot) / SLOT_LIMIT;
    if (slot >= this.#highWater || this.#occupied[slot] !== 1) return -1;
    return this.#generation[slot] === generation ? slot : -1;
  }

  /**
   * Give a slot back. Its columns are reset (a freed slot is paused, so the
   * simulation skips it) and its generation advances, so old handles go stale.
   * Returns false when the handle was already stale.
   */
  free(handle: PlayerHandle): boolean {
    const slot = this.resolve(handle);
    if (slot < 0) return false;
    resetSlot(this.#columns, slot);
    this.#occupied[slot] = 0;
    this.#generation[slot] = (this.#generation[slot]! + 1) % GENERATION_LIMIT;
    this.#free.push(slot);
    this.#count--;
    return true;
  }

  /** Handles of every occupied slot, in slot order. */
  *handles(): IterableIterator<PlayerHandle> {
    for (let s = 0; s < this.#highWater; s++) {
      if (this.#occupied[s] === 1) yield (this.#generation[s]! * SLOT_LIMIT + s) as PlayerHandle;
    }
  }

  /** Bytes of shared memory committed for the columns now. */
  get committedBytes(): number {
    let bytes = 0;
    for (const c of COLUMN_LAYOUT) bytes += this.buffers[c.name]!.byteLength;
    return bytes;
  }
}

/** Put every column of `slot` back to its initial value. */
export function resetSlot(c: Columns, slot: number): void {
  for (let f = 0; f < HOT_FIELDS.length; f++) c.byIndex[f]![slot] = HOT_FIELDS[f]!.initial;
  for (const f of NPC_FIELDS) c[f.name].fill(f.initial, slot * NPC_SLOTS, (slot + 1) * NPC_SLOTS);
  c.eventHistory.fill(0, slot * EVENT_HISTORY_WORDS, (slot + 1) * EVENT_HISTORY_WORDS);
  c.dirty.fill(0, slot * DIRTY_WORDS, (slot + 1) * DIRTY_WORDS);
}
