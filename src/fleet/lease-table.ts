import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { SHARD_COUNT } from '../kit/shard-of.ts';
import type { MysqlConnections } from '../persistence/mysql-connections.ts';

/** One shard's lease as last read. */
export interface LeaseRow {
  readonly shard: number;
  /** Null when free (never taken, or released). */
  readonly owner: string | null;
  readonly epoch: number;
  /** Milliseconds until it expires, on the database's clock when read; ≤ 0: expired. */
  readonly remainingMs: number;
}

/** A shard this process holds, at the epoch its commits are fenced with. */
export interface HeldLease {
  readonly shard: number;
  readonly epoch: number;
}

// Seed rows per INSERT: 4096 shards in four statements keeps each well under
// max_allowed_packet while not paying a round trip per shard.
const SEED_BATCH = 1024;

/**
 * The SQL of the `shard_leases` table (migration 6). Every expiry is
 * computed on the database's clock (`UTC_TIMESTAMP(3) + INTERVAL ttl`) so
 * no process clock decides who owns what; callers keep their own local
 * deadline (lease-keeper.ts). The epoch changes on every change of owner
 * and never while one owner renews, which is what the fenced commit
 * (`... AND (shard, epoch) IN (...)`) relies on.
 */
export class LeaseTable {
  readonly #db: MysqlConnections;

  constructor(db: MysqlConnections) {
    this.#db = db;
  }

  /** One free row per shard; rows already there are left as they are. */
  async seed(): Promise<void> {
    await this.#db.with(async (c) => {
      for (let from = 0; from < SHARD_COUNT; from += SEED_BATCH) {
        const shards = range(from, Math.min(SHARD_COUNT, from + SEED_BATCH));
        await c.query({
          sql: `INSERT IGNORE INTO shard_leases (shard, owner, epoch, expires_at, fence) VALUES ${shards.map(() => '(?, NULL, 0, UTC_TIMESTAMP(3), 0)').join(',')}`,
          values: shards,
          timeout: this.#db.queryTimeoutMs,
        });
      }
    });
  }

  /**
   * Take `shards` where they are free or expired (epoch + 1: a new owner)
   * or already `owner`'s (epoch kept, expiry refreshed). Returns the ones
   * `owner` now holds. Every returned row had its expiry set by this very
   * statement, so a deadline counted from when it was sent is safe.
   */
  async acquire(owner: string, shards: readonly number[], ttlMs: number): Promise<HeldLease[]> {
    if (shards.length === 0) return [];
    return this.#db.with(async (c) => {
      // MySQL and MariaDB assign left to right (MariaDB's SIMULTANEOUS_ASSIGNMENT
      // mode reads old values throughout): either way epoch reads the old
      // owner and expiry, as long as it comes first.
      await c.query<ResultSetHeader>({
        sql: `UPDATE shard_leases
                 SET epoch = IF(owner <=> ? AND expires_at > UTC_TIMESTAMP(3), epoch, epoch + 1),
                     expires_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND,
                     owner = ?
               WHERE shard IN (?) AND (owner IS NULL OR owner = ? OR expires_at <= UTC_TIMESTAMP(3))`,
        values: [owner, ttlMs * 1000, owner, shards, owner],
        timeout: this.#db.queryTimeoutMs,
      });
      const [rows] = await c.query<RowDataPacket[]>({
        sql: 'SELECT shard, epoch FROM shard_leases WHERE shard IN (?) AND owner = ? AND expires_at > UTC_TIMESTAMP(3)',
        values: [shards, owner],
        timeout: this.#db.queryTimeoutMs,
      });
      return rows.map((r) => ({ shard: Number(r.shard), epoch: Number(r.epoch) }));
    });
  }

  /**
   * Renew every lease in `held` in one statement: only rows still
   * `owner`'s, unexpired and at the same epoch. Returns the shards still
   * held (all of them, unless one expired or was taken over).
   */
  async renewAll(owner: string, held: readonly HeldLease[], ttlMs: number): Promise<Set<number>> {
    if (held.length === 0) return new Set();
    const shards = held.map((h) => h.shard);
    const pairs = held.map((h) => [h.shard, h.epoch]);
    return this.#db.with(async (c) => {
      // `shard IN` lets InnoDB seek the primary key, so the update locks
      // only these rows, not every row a scan for the pairs would touch.
      const [result] = await c.query<ResultSetHeader>({
        sql: `UPDATE shard_leases SET expires_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND
               WHERE shard IN (?) AND owner = ? AND expires_at > UTC_TIMESTAMP(3) AND (shard, epoch) IN (?)`,
        values: [ttlMs * 1000, shards, owner, pairs],
        timeout: this.#db.queryTimeoutMs,
      });
      // The pool counts found rows (FOUND_ROWS), so all found means all renewed.
      if (result.affectedRows === held.length) return new Set(shards);
      // Some were lost. A row that matches now also matched a moment ago
      // (only a takeover changes it, and that bumps the epoch), so this
      // reads exactly the renewed ones.
      const [rows] = await c.query<RowDataPacket[]>({
        sql: `SELECT shard FROM shard_leases
               WHERE shard IN (?) AND owner = ? AND expires_at > UTC_TIMESTAMP(3) AND (shard, epoch) IN (?)`,
        values: [shards, owner, pairs],
        timeout: this.#db.queryTimeoutMs,
      });
      return new Set(rows.map((r) => Number(r.shard)));
    });
  }

  /** Give `shards` up at once: owner cleared, expired now, so anyone may take them. */
  async release(owner: string, shards: readonly number[]): Promise<void> {
    if (shards.length === 0) return;
    await this.#db.with((c) =>
      c.query({
        sql: 'UPDATE shard_leases SET owner = NULL, expires_at = UTC_TIMESTAMP(3) WHERE shard IN (?) AND owner = ?',
        values: [shards, owner],
        timeout: this.#db.queryTimeoutMs,
      }),
    );
  }

  /** Every shard's lease, in shard order. */
  async readAll(): Promise<LeaseRow[]> {
    return this.#db.with(async (c) => {
      const [rows] = await c.query<RowDataPacket[]>({
        sql: `SELECT shard, owner, epoch,
                     TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), expires_at) AS remaining_us
                FROM shard_leases ORDER BY shard`,
        timeout: this.#db.queryTimeoutMs,
      });
      return rows.map((r) => ({
        shard: Number(r.shard),
        owner: r.owner === null ? null : String(r.owner),
        epoch: Number(r.epoch),
        remainingMs: Number(r.remaining_us) / 1000,
      }));
    });
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
