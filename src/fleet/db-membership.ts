import type { RowDataPacket } from 'mysql2/promise';
import type { MysqlConnections } from '../persistence/mysql-connections.ts';
import type { FleetLog } from './fleet-log.ts';

/** A live member: its node id and the URL its players are redirected to. */
export interface Member {
  readonly nodeId: string;
  readonly publicUrl: string;
}

export interface DbMembershipOptions {
  readonly db: MysqlConnections;
  readonly self: Member;
  /** How often this member writes its heartbeat and reads the others'. */
  readonly intervalMs: number;
  /** A member whose heartbeat is older than this (database clock) is gone. */
  readonly expireAfterMs: number;
  readonly log: FleetLog;
}

/**
 * Membership through the `fleet_members` table: each member writes its
 * heartbeat and reads the live ones every interval, all on the database's
 * clock. Always runs (it costs two small statements an interval), so a
 * member that cannot reach NATS is still seen by those that can.
 */
export class DbMembership {
  readonly #o: DbMembershipOptions;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #live: readonly Member[] = [];
  /** performance.now() of the last successful read; -Infinity before the first. */
  #readAt = Number.NEGATIVE_INFINITY;
  #failing = false;
  #beating: Promise<void> | undefined;
  /** Beats tried so far, and who waits for a count of them (a handful at most: start-up only). */
  #beats = 0;
  readonly #beatWaiters: { count: number; resolve: () => void }[] = [];

  constructor(options: DbMembershipOptions) {
    this.#o = options;
  }

  /**
   * Live members as last read (self included once its first beat is in);
   * none once the last good read is older than the expiry, so a database
   * that stops answering does not keep dead members alive.
   */
  get live(): readonly Member[] {
    return performance.now() - this.#readAt > this.#o.expireAfterMs ? [] : this.#live;
  }

  /** Writes the first heartbeat and reads the members before resolving. */
  async start(): Promise<void> {
    this.#running = true;
    await this.#beatOnce();
    this.#schedule();
  }

  /** Stops beating; resolves once a beat in flight is done. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#wakeWaiters(true);
    await this.#beating;
  }

  /** Removes this member's row, so the others stop counting it at once. */
  async leave(): Promise<void> {
    await this.stop();
    await this.#o.db.with((c) =>
      c.query({
        sql: 'DELETE FROM fleet_members WHERE node_id = ?',
        values: [this.#o.self.nodeId],
        timeout: this.#o.db.queryTimeoutMs,
      }),
    );
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#beatOnce().then(() => this.#schedule());
    }, this.#o.intervalMs);
  }

  /** Resolves once `count` beats have been tried (succeeded or not), or at stop(). */
  beaten(count: number): Promise<void> {
    if (this.#beats >= count || !this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#beatWaiters.push({ count, resolve }));
  }

  #beatOnce(): Promise<void> {
    this.#beating = this.#beat().finally(() => {
      this.#beating = undefined;
      this.#beats++;
      this.#wakeWaiters(false);
    });
    return this.#beating;
  }

  #wakeWaiters(all: boolean): void {
    for (let i = this.#beatWaiters.length - 1; i >= 0; i--) {
      const w = this.#beatWaiters[i]!;
      if (all || this.#beats >= w.count) {
        this.#beatWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  async #beat(): Promise<void> {
    const { db, self } = this.#o;
    const sentAt = performance.now();
    try {
      const rows = await db.with(async (c) => {
        await c.query({
          sql: `INSERT INTO fleet_members (node_id, public_url, started_at, heartbeat_at)
                VALUES (?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))
                ON DUPLICATE KEY UPDATE public_url = VALUES(public_url), heartbeat_at = UTC_TIMESTAMP(3)`,
          values: [self.nodeId, self.publicUrl],
          timeout: db.queryTimeoutMs,
        });
        const [found] = await c.query<RowDataPacket[]>({
          sql: `SELECT node_id, public_url FROM fleet_members
                 WHERE heartbeat_at > UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND ORDER BY node_id`,
          values: [this.#o.expireAfterMs * 1000],
          timeout: db.queryTimeoutMs,
        });
        return found;
      });
      if (!this.#running) return;
      this.#live = rows.map((r) => ({
        nodeId: String(r.node_id),
        publicUrl: String(r.public_url),
      }));
      this.#readAt = sentAt;
      if (this.#failing) this.#o.log.info({}, 'fleet: member heartbeats reach the database again');
      this.#failing = false;
    } catch (error) {
      // Logged once per outage, not every interval.
      if (!this.#failing)
        this.#o.log.warn({ err: (error as Error).message }, 'fleet: member heartbeat failed');
      this.#failing = true;
    }
  }
}
