import { shardOf } from '../kit/shard-of.ts';
import type { LeaseKeeper } from './lease-keeper.ts';
import type { MembershipView } from './membership.ts';
import type { Ownership, Placement } from './ownership.ts';

// Longest a client is told to wait while a shard moves: a takeover on
// NATS news takes well under a second, and a client retrying any process
// after a second finds the new owner or is redirected to it.
const MAX_RETRY_AFTER_MS = 1000;

/** What a client of a moving shard is told to wait, for a lease ttl of `ttlMs`. */
export function movingRetryAfterMs(ttlMs: number): number {
  return Math.min(ttlMs, MAX_RETRY_AFTER_MS);
}

/**
 * Fleet mode's answer to "where is this player served": here while this
 * process holds the shard's lease and its local deadline has not passed;
 * elsewhere when the lease (as read each renewal cycle) names another live
 * member whose lease has not expired; moving otherwise (free, expired,
 * being released, or an owner whose URL is not known).
 */
export class FleetOwnership implements Ownership {
  readonly #keeper: LeaseKeeper;
  readonly #membership: MembershipView;
  readonly #retryAfterMs: number;

  constructor(keeper: LeaseKeeper, membership: MembershipView) {
    this.#keeper = keeper;
    this.#membership = membership;
    this.#retryAfterMs = movingRetryAfterMs(keeper.ttlMs);
  }

  placementOf(playerId: string): Placement {
    return this.placementOfShard(shardOf(playerId));
  }

  /** The placement of a whole shard (what placementOf answers for each of its players). */
  placementOfShard(shard: number): Placement {
    const epoch = this.#keeper.heldEpoch(shard);
    if (epoch !== undefined) return { kind: 'here', shard, epoch };
    const moving: Placement = { kind: 'moving', shard, retryAfterMs: this.#retryAfterMs };
    if (this.#keeper.isReleasing(shard)) return moving;
    const lease = this.#keeper.leaseOf(shard);
    if (
      lease === undefined ||
      lease.owner === null ||
      lease.owner === this.#keeper.nodeId ||
      performance.now() >= lease.expiresAt
    )
      return moving;
    const owner = this.#membership.live().get(lease.owner);
    if (owner === undefined) return moving;
    return { kind: 'elsewhere', shard, url: owner.publicUrl };
  }
}
