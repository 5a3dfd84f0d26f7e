import type { LeaseRow } from './lease-table.ts';
import { desiredOwner } from './rendezvous.ts';

/** What planning reads: the lease rows, who is live, and what this member holds. */
export interface PlanInput {
  readonly self: string;
  /** Lease rows as last read, indexed by shard. */
  readonly rows: readonly LeaseRow[];
  /** Live members' node ids, self included. */
  readonly live: readonly string[];
  /** Shards this member holds now. */
  readonly held: ReadonlySet<number>;
  /** Shards this member must not take (being released, or just released by it). */
  readonly skip: ReadonlySet<number>;
  /** Since when (performance.now()) each shard has been seen free. */
  readonly freeSince: ReadonlyMap<number, number>;
  readonly now: number;
  /** A free shard nobody took for this long is taken by anyone. */
  readonly graceMs: number;
}

/** Whether a lease row leaves its shard free for the taking. */
export function isFree(row: LeaseRow): boolean {
  return row.owner === null || row.remainingMs <= 0;
}

/**
 * The free or expired shards this member should take now: those whose
 * desired owner among the live members (rendezvous) is this one, which
 * also covers shards whose desired owner died, since the dead are not in
 * `live`. A shard that stays free past the grace (its desired owner is
 * live but does not take it: a frozen process, or one that sees the fleet
 * differently) is taken by anyone, so no shard stays unserved; the handoff
 * moves it later (`shardsToRelease`).
 */
export function shardsToAcquire(p: PlanInput): number[] {
  const out: number[] = [];
  for (const row of p.rows) {
    if (p.held.has(row.shard) || p.skip.has(row.shard) || !isFree(row)) continue;
    const since = p.freeSince.get(row.shard) ?? p.now;
    if (desiredOwner(row.shard, p.live) === p.self || p.now - since >= p.graceMs)
      out.push(row.shard);
  }
  return out;
}

/**
 * Held shards whose desired owner is another live member, at most `limit`,
 * lowest shard first: the handoff moves a few at a time so a joining
 * member never makes every player reconnect at once.
 */
export function shardsToRelease(
  self: string,
  held: Iterable<number>,
  live: readonly string[],
  limit: number,
): number[] {
  const out: number[] = [];
  for (const shard of [...held].sort((a, b) => a - b)) {
    if (out.length >= limit) break;
    const desired = desiredOwner(shard, live);
    if (desired !== undefined && desired !== self) out.push(shard);
  }
  return out;
}
