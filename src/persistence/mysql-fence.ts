import type { PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { FencedOutError, type LeaseClaim } from './fence.ts';

/**
 * The fence check of one fleet write: call it FIRST in the write's
 * transaction (after beginTransaction, before any other statement). One
 * UPDATE checks every lease the write stands on against (owner, epoch,
 * unexpired on the database's clock) and bumps each one's `fence`; when it
 * changes fewer rows than the claim has shards, the transaction is rolled
 * back and FencedOutError names the shards whose lease is gone, so nothing
 * of the write happens. No claim (SQLite, or MySQL outside fleet mode): no
 * check.
 */
export async function checkFence(
  c: PoolConnection,
  claim: LeaseClaim | undefined,
  timeout: number,
): Promise<void> {
  if (claim === undefined || claim.shards.length === 0) return;
  const pairs = claim.shards.map(() => '(?, ?)').join(', ');
  const values: unknown[] = [claim.owner];
  claim.shards.forEach((shard, i) => {
    values.push(shard, claim.epochs[i]);
  });
  // THE ORDERING POINT. This UPDATE takes an exclusive lock on each lease
  // row it matches (and InnoDB's locking read sees the newest committed
  // row, not this transaction's snapshot), held until the commit or
  // rollback. A takeover updates owner/epoch of the same rows, so it is
  // ordered against the whole write: either it committed first, and this
  // UPDATE sees the new owner or epoch and matches fewer rows (refused, the
  // write rolled back), or it waits on the lock until this write has
  // committed, and the new owner loads the players after it. A stalled
  // owner that wakes up late can therefore never overwrite the new owner's
  // rows. Expiry is read on the database's clock for the same reason: no
  // process clock decides who owns what.
  const [result] = await c.query<ResultSetHeader>({
    sql: `UPDATE shard_leases SET fence = fence + 1
          WHERE owner = ? AND expires_at > UTC_TIMESTAMP(3) AND (shard, epoch) IN (${pairs})`,
    values,
    timeout,
  });
  if (result.affectedRows === claim.shards.length) return;
  const lost = await refusedShards(c, claim, timeout);
  await c.rollback();
  throw new FencedOutError(lost);
}

/**
 * Which of the claim's shards this process does not hold, read in the
 * same transaction just after the check failed. Should a lease change
 * again between the two statements so that every shard reads as held
 * (a renewal racing the check), all the claim's shards are named: the
 * write was refused, and naming too many only drops players early.
 */
async function refusedShards(
  c: PoolConnection,
  claim: LeaseClaim,
  timeout: number,
): Promise<number[]> {
  const [rows] = await c.query<RowDataPacket[]>({
    sql: `SELECT shard, owner, epoch, expires_at > UTC_TIMESTAMP(3) AS live
          FROM shard_leases WHERE shard IN (?)`,
    values: [claim.shards],
    timeout,
  });
  const held = new Set<number>();
  const epochOf = new Map(claim.shards.map((shard, i) => [shard, claim.epochs[i]]));
  for (const r of rows) {
    const shard = Number(r.shard);
    if (r.owner === claim.owner && Number(r.epoch) === epochOf.get(shard) && Number(r.live) === 1)
      held.add(shard);
  }
  const lost = claim.shards.filter((s) => !held.has(s));
  return lost.length > 0 ? lost : [...claim.shards];
}
