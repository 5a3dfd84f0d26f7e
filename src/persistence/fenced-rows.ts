import { shardOf } from '../kit/shard-of.ts';
import type { Fence, FencedOutError } from './fence.ts';
import type { Chunk } from './flush-chunk.ts';
import type { UnsavedSlots } from './unsaved-slots.ts';

/**
 * The write-behind writer's side of fleet fencing: what it does with rows
 * of shards this process no longer holds. Such rows are never retried (the
 * players belong to another process now, whose copy is the one that
 * counts): the writer stops tracking them and reports their shards, so the
 * server can drop those players. Rows of shards still held are saved as
 * usual; none of this is a database failure, so it never backs off.
 */
export interface FencedRowsOptions {
  /** The leases held (fleet mode); absent: every row is written, unfenced. */
  readonly fence: Pick<Fence, 'epochOf'> | undefined;
  /** Called with the shards (ascending) whose rows were dropped. */
  readonly onFencedOut: ((shards: readonly number[]) => void) | undefined;
}

/**
 * The slots of `slots` whose player's shard is still held, in order; the
 * others are untracked and their shards reported, before anything is
 * copied (a save with them would only be refused as a whole).
 */
export function keepHeld(
  slots: readonly number[],
  unsaved: UnsavedSlots,
  options: FencedRowsOptions,
): number[] {
  const { fence } = options;
  if (!fence) return [...slots];
  const held = new Map<number, boolean>();
  const kept: number[] = [];
  const lost = new Set<number>();
  for (const s of slots) {
    const shard = shardOf(unsaved.idOf(s)!);
    let isHeld = held.get(shard);
    if (isHeld === undefined) {
      isHeld = fence.epochOf(shard) !== undefined;
      held.set(shard, isHeld);
    }
    if (isHeld) kept.push(s);
    else {
      unsaved.untrack(s);
      lost.add(shard);
    }
  }
  if (lost.size > 0) options.onFencedOut?.([...lost].sort((a, b) => a - b));
  return kept;
}

/**
 * A chunk's save was refused by the fence: nothing of it was written. Rows
 * of the refused shards are dropped (untracked, if the slot still holds
 * the same player) and the shards reported; the chunk's other rows go back
 * into the dirty set with their original age, for the next flush to write
 * (their retry, without the refused rows). Returns how many went back.
 */
export function settleFencedOut(
  chunk: Chunk,
  error: FencedOutError,
  unsaved: UnsavedSlots,
  options: FencedRowsOptions,
  now: number,
): number {
  const refused = new Set(error.shards);
  let restored = 0;
  chunk.slots.forEach((s, i) => {
    const id = chunk.ids[i]!;
    if (refused.has(shardOf(id))) {
      if (unsaved.idOf(s) === id) unsaved.untrack(s);
    } else {
      unsaved.restore(s, id, chunk.since[i] || now);
      restored++;
    }
  });
  options.onFencedOut?.(error.shards);
  return restored;
}
