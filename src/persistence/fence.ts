import { shardOf } from '../kit/shard-of.ts';

/**
 * What persistence needs to know of fleet mode's shard leases (the lease
 * keeper in src/fleet provides it; the server wires the two): who this
 * process is in `shard_leases`, and the epoch at which it holds a shard.
 * Persistence never imports src/fleet (layers only look down).
 */
export interface Fence {
  /** This process's name in `shard_leases.owner` (LIFETICK_NODE_ID). */
  readonly owner: string;
  /**
   * The epoch of this process's lease on `shard`, or undefined when it does
   * not hold the shard: a row of that shard must not be written at all.
   */
  epochOf(shard: number): number | undefined;
}

/**
 * The leases one write stands on, as sent to the persistence worker with
 * the write: this process's name and, per distinct shard of the write's
 * players, the epoch it holds that shard at (parallel arrays, shards
 * ascending so that every fenced commit locks lease rows in one order).
 */
export interface LeaseClaim {
  readonly owner: string;
  readonly shards: readonly number[];
  readonly epochs: readonly number[];
}

/**
 * A fenced write was refused, and nothing of it was written: this process
 * no longer holds the lease (owner and epoch, unexpired on the database's
 * clock) of `shards`. Not a database failure: retrying cannot help, and
 * the players of those shards now belong to another process (or none).
 */
export class FencedOutError extends Error {
  override readonly name = 'FencedOutError';
  constructor(
    /** The shards whose lease is gone, ascending. */
    readonly shards: readonly number[],
    message = `fenced out: this process no longer holds shard(s) ${shards.join(', ')}`,
  ) {
    super(message);
  }
}

/**
 * The lease claim for a write of `playerIds`' rows, from `fence` as it
 * stands now. Throws FencedOutError naming every shard of the write that
 * this process does not hold (epochOf undefined): such a write fails as a
 * whole before it reaches the database, like one the database refuses
 * (the write-behind writer drops those rows before it gets here).
 */
export function claimFor(fence: Fence, playerIds: Iterable<string>): LeaseClaim {
  const shards = [...new Set([...playerIds].map(shardOf))].sort((a, b) => a - b);
  const epochs: number[] = [];
  const unheld: number[] = [];
  for (const shard of shards) {
    const epoch = fence.epochOf(shard);
    if (epoch === undefined) unheld.push(shard);
    else epochs.push(epoch);
  }
  if (unheld.length > 0) throw new FencedOutError(unheld);
  return { owner: fence.owner, shards, epochs };
}
