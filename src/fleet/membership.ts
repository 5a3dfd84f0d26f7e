import type { MysqlConnections } from '../persistence/mysql-connections.ts';
import { DbMembership, type Member } from './db-membership.ts';
import type { FleetLog } from './fleet-log.ts';
import { NatsMembership } from './nats-membership.ts';

export type { Member };

export interface MembershipOptions {
  readonly db: MysqlConnections;
  readonly self: Member;
  /** NATS for fast membership and released notices; undefined: database only. */
  readonly natsUrl?: string;
  /** Subject prefix of this fleet on NATS (one per shared database). */
  readonly subjectPrefix: string;
  /** The lease ttl: database heartbeats come every third of it, and expire after it. */
  readonly ttlMs: number;
  readonly log: FleetLog;
}

/** What the lease keeper needs from membership (tests may pass their own). */
export interface MembershipView {
  /** Live members by node id, self included. */
  live(): ReadonlyMap<string, Member>;
  /** Tells the others these shards were just released. */
  announceReleased(shards: readonly number[]): void;
  /** `listener` runs when another member says it released shards. */
  onReleased(listener: ReleasedListener): void;
  /** Resolves once membership has had time to hear the members already there. */
  settled(): Promise<void>;
}

/** Member `from` released `shards`: they are free for the taking. */
export type ReleasedListener = (shards: readonly number[], from: string) => void;

// NATS heartbeat period, and how many missed beats make a member gone: a
// member that dies drops out in about three seconds, well inside a lease.
const NATS_BEAT_MS = 1000;
const NATS_MISSED_BEATS = 3;
// Database beats: three per lease ttl, gone after a whole ttl (three missed).
const DB_BEATS_PER_TTL = 3;

/**
 * Who is in the fleet. Both sources run: NATS (when configured and
 * reachable) for joins in a second and released notices, and the
 * `fleet_members` table, always, which is slower but needs nothing else.
 * A member is live when either source has heard it lately, so a member
 * that cannot reach NATS is still seen by one that can, and NATS stopping
 * mid-run only makes news slower.
 */
export class Membership implements MembershipView {
  readonly #self: Member;
  readonly #db: DbMembership;
  readonly #nats: NatsMembership | undefined;
  readonly #releasedListeners: ReleasedListener[] = [];

  constructor(options: MembershipOptions) {
    this.#self = options.self;
    this.#db = new DbMembership({
      db: options.db,
      self: options.self,
      intervalMs: Math.max(1, Math.floor(options.ttlMs / DB_BEATS_PER_TTL)),
      expireAfterMs: options.ttlMs,
      log: options.log,
    });
    if (options.natsUrl !== undefined) {
      this.#nats = new NatsMembership({
        url: options.natsUrl,
        subjectPrefix: options.subjectPrefix,
        self: options.self,
        beatMs: NATS_BEAT_MS,
        expireAfterMs: NATS_BEAT_MS * NATS_MISSED_BEATS,
        retryMs: NATS_BEAT_MS * NATS_MISSED_BEATS,
        log: options.log,
        onReleased: (shards, from) => {
          for (const l of this.#releasedListeners) l(shards, from);
        },
      });
    } else {
      options.log.info({}, 'fleet: no NATS configured, membership from the database');
    }
  }

  /** Whether NATS is in use right now. */
  get natsConnected(): boolean {
    return this.#nats?.connected ?? false;
  }

  async start(): Promise<void> {
    await Promise.all([this.#db.start(), this.#nats?.start()]);
  }

  /** Stops announcing this member without removing it: the others see it expire. */
  async stop(): Promise<void> {
    await Promise.all([this.#db.stop(), this.#nats?.stop()]);
  }

  /** Stops and removes this member's row, so the others drop it at once. */
  async leave(): Promise<void> {
    await this.#nats?.stop();
    await this.#db.leave();
  }

  live(): ReadonlyMap<string, Member> {
    const out = new Map<string, Member>([[this.#self.nodeId, this.#self]]);
    for (const m of this.#db.live) out.set(m.nodeId, m);
    if (this.#nats?.connected) for (const m of this.#nats.live()) out.set(m.nodeId, m);
    return out;
  }

  announceReleased(shards: readonly number[]): void {
    this.#nats?.announceReleased(shards);
  }

  /** After two database beats: members that started within a beat of this one are in the second read. */
  settled(): Promise<void> {
    return this.#db.beaten(2);
  }

  onReleased(listener: ReleasedListener): void {
    this.#releasedListeners.push(listener);
  }
}
