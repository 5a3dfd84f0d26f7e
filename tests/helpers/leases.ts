import mysql from 'mysql2/promise';
import { shardOf } from '../../src/kit/shard-of.ts';
import { MysqlRepository } from '../../src/persistence/mysql-repository.ts';
import { createTestDatabase, type TestDatabase } from './mysql.ts';

/**
 * A migrated database of its own (migration 6 gives it `shard_leases`) and
 * an admin connection to play the lease keeper of this and other processes:
 * grant a lease, take a shard over, let a lease expire, read a fence.
 * Undefined where MySQL is not reachable outside CI (createTestDatabase).
 */
export interface LeaseDatabase {
  readonly db: TestDatabase;
  readonly admin: mysql.Connection;
  /** Give `owner` the shard at `epoch`, expiring an hour from now on the database's clock. */
  grant(shard: number, owner: string, epoch: number): Promise<void>;
  /** Another process takes the shard: new owner, epoch bumped (committed at once). */
  takeover(shard: number, owner: string): Promise<void>;
  /** The lease's expiry passes on the database's clock. */
  expire(shard: number): Promise<void>;
  fenceOf(shard: number): Promise<number>;
  /** The stored version of a player, or undefined when there is no row. */
  versionOf(playerId: string): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function createLeaseDatabase(): Promise<LeaseDatabase | undefined> {
  const db = await createTestDatabase();
  if (!db) return undefined;
  const repo = new MysqlRepository({ url: db.url });
  await repo.migrate();
  await repo.close();
  const admin = await mysql.createConnection({ uri: db.url });
  return {
    db,
    admin,
    async grant(shard, owner, epoch) {
      await admin.query(
        `INSERT INTO shard_leases (shard, owner, epoch, expires_at, fence)
         VALUES (?, ?, ?, UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, 0)
         ON DUPLICATE KEY UPDATE owner = VALUES(owner), epoch = VALUES(epoch), expires_at = VALUES(expires_at)`,
        [shard, owner, epoch],
      );
    },
    async takeover(shard, owner) {
      await admin.query(TAKEOVER, [owner, shard]);
    },
    async expire(shard) {
      await admin.query(
        'UPDATE shard_leases SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE shard = ?',
        [shard],
      );
    },
    async fenceOf(shard) {
      const [rows] = await admin.query<mysql.RowDataPacket[]>(
        'SELECT fence FROM shard_leases WHERE shard = ?',
        [shard],
      );
      return Number(rows[0]?.fence);
    },
    async versionOf(playerId) {
      const [rows] = await admin.query<mysql.RowDataPacket[]>(
        'SELECT version FROM players WHERE id = ?',
        [playerId],
      );
      return rows[0] === undefined ? undefined : Number(rows[0].version);
    },
    async close() {
      await admin.end();
      await db.drop();
    },
  };
}

/** A takeover as the lease keeper makes it: new owner, next epoch, a fresh expiry. */
export const TAKEOVER =
  'UPDATE shard_leases SET owner = ?, epoch = epoch + 1, expires_at = UTC_TIMESTAMP(3) + INTERVAL 1 HOUR WHERE shard = ?';

/** `count` player ids whose shards are all different, starting from `prefix`0. */
export function idsInDistinctShards(prefix: string, count: number): string[] {
  const ids: string[] = [];
  const seen = new Set<number>();
  for (let i = 0; ids.length < count; i++) {
    const id = `${prefix}${i}`;
    if (seen.has(shardOf(id))) continue;
    seen.add(shardOf(id));
    ids.push(id);
  }
  return ids;
}

/**
 * Resolves once `count` transactions on `database` wait for a row lock:
 * a condition the database reports, polled, so a test knows a statement is
 * really blocked before it lets the blocker go. Each poll is one query.
 */
export async function lockWaits(
  admin: mysql.Connection,
  database: string,
  count: number,
): Promise<void> {
  for (;;) {
    // Filtered here, not in SQL: MariaDB answered a COUNT with the
    // PROCESSLIST join and a WHERE on it with 0 while the waits were there.
    const [rows] = await admin.query<mysql.RowDataPacket[]>(
      `SELECT t.trx_state AS state, p.DB AS db FROM information_schema.INNODB_TRX t
         LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id`,
    );
    const waiting = rows.filter((r) => r.db === database && r.state === 'LOCK WAIT').length;
    if (waiting >= count) return;
    // Between polls only: the condition above decides, not this pause. At
    // 10 ms a poll, reading INNODB_TRX back to back held up the very
    // transactions it watched (a handshake, a lock wait that never showed);
    // 100 ms did not.
    await new Promise<void>((resolve) => setTimeout(resolve, 100));
  }
}
