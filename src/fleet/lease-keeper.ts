import type { FleetLog } from './fleet-log.ts';
import type { LeaseRow, LeaseTable } from './lease-table.ts';
import type { MembershipView } from './membership.ts';
import { isFree, shardsToAcquire, shardsToRelease } from './rebalance-plan.ts';
import { desiredOwner } from './rendezvous.ts';
import { type ShardEventName, ShardEvents, type ShardListener } from './shard-events.ts';

export interface LeaseKeeperOptions {
  readonly table: LeaseTable;
  readonly nodeId: string;
  /** Lease length on the database's clock. Renewals come every third of it. */
  readonly ttlMs: number;
  readonly membership: MembershipView;
  readonly log: FleetLog;
  /** Taken off every local deadline; default a fifth of the ttl. */
  readonly safetyMarginMs?: number;
  /** Least wait before the first acquisition (membership must also have settled); default two thirds of the ttl. */
  readonly settleMs?: number;
  /** Most shards `shardsToRelease()` names at once; default 8. */
  readonly releaseBatch?: number;
}

/** A shard held, what its commits are fenced with, and when to stop serving it. */
interface Held {
  epoch: number;
  /** performance.now() past which this process must not serve the shard. */
  deadline: number;
}

/** Where a shard's lease stands, as this process last read it. */
export interface LeaseView {
  readonly owner: string | null;
  readonly epoch: number;
  /** performance.now() by which the lease has expired on the database's clock, at the latest. */
  readonly expiresAt: number;
}

// A fifth of the ttl: covers a database clock running a little faster than
// ours and a deadline timer that fires late on a busy event loop.
const MARGIN_SHARE = 5;
// Renew three times a ttl, so one lost or slow renewal still leaves time for the next.
const RENEWALS_PER_TTL = 3;
// Default settle: two membership beats (three a ttl), so each member's first
// read of the others has happened before anyone claims shards.
const SETTLE_SHARE = 2 / 3;
// Shards moved a step by the later handoff: few enough that a join never
// sends every player reconnecting at once.
const DEFAULT_RELEASE_BATCH = 8;

/**
 * Keeps this process's shard leases: acquires free or expired ones by the
 * rendezvous plan, renews all it holds in one statement every third of the
 * ttl, and stops serving a shard the moment its local deadline passes.
 *
 * The local deadline is the monotonic time the acquiring or renewing
 * statement was SENT, plus the ttl, minus a safety margin: the database
 * computed the expiry (its clock + ttl) after the statement arrived, so
 * the send time is a lower bound of that moment and the local deadline
 * always passes before the database lets another process take the shard.
 */
export class LeaseKeeper {
  readonly #o: LeaseKeeperOptions;
  readonly #marginMs: number;
  readonly #intervalMs: number;
  readonly #held = new Map<number, Held>();
  /** Shards being released, and shards this process released recently (until when). */
  readonly #releasing = new Set<number>();
  readonly #releasedUntil = new Map<number, number>();
  readonly #freeSince = new Map<number, number>();
  readonly #events: ShardEvents;
  /** Lease rows as last read, indexed by shard. */
  #rows: readonly LeaseRow[] = [];
  #rowsSentAt = 0;
  #cycleTimer: NodeJS.Timeout | undefined;
  #deadlineTimer: NodeJS.Timeout | undefined;
  #running = false;
  #cycling: Promise<void> | undefined;
  /**
   * Shards named by released notices, waiting to be taken: a set of shard
   * numbers, so it never holds more than SHARD_COUNT however many notices
   * come; one run takes them at a time (`#taking`, awaited by close()).
   */
  readonly #noticed = new Set<number>();
  #taking: Promise<void> | undefined;
  #again = false;
  #failing = false;

  constructor(options: LeaseKeeperOptions) {
    this.#o = options;
    this.#marginMs = options.safetyMarginMs ?? options.ttlMs / MARGIN_SHARE;
    this.#intervalMs = options.ttlMs / RENEWALS_PER_TTL;
    this.#events = new ShardEvents(options.log);
    options.membership.onReleased((shards, from) => this.#onReleasedNotice(shards, from));
  }

  get nodeId(): string {
    return this.#o.nodeId;
  }

  get ttlMs(): number {
    return this.#o.ttlMs;
  }

  /** `listener` hears `event` (see ShardEventName) from now on. */
  on(event: ShardEventName, listener: ShardListener): void {
    this.#events.on(event, listener);
  }

  off(event: ShardEventName, listener: ShardListener): void {
    this.#events.off(event, listener);
  }

  /** Starts the loop; the first acquisition comes after the settle wait. */
  start(): void {
    this.#running = true;
    const waited = new Promise<void>((resolve) => {
      this.#cycleTimer = setTimeout(resolve, this.#o.settleMs ?? this.#o.ttlMs * SETTLE_SHARE);
    });
    // Both: the wait, and membership having read the others (on a loaded
    // machine its beats may come later than the timer).
    void Promise.all([waited, this.#o.membership.settled()]).then(() => this.#kick());
  }

  /**
   * Stops acquiring and renewing without releasing anything, as a frozen
   * process would: the local deadlines still run out and report `lost`.
   */
  stopRenewing(): void {
    this.#running = false;
    clearTimeout(this.#cycleTimer);
  }

  /** Stops the loop and releases every held shard so others take them at once. */
  async close(): Promise<void> {
    this.stopRenewing();
    await this.#cycling;
    await this.#taking;
    await this.release([...this.#held.keys()]);
    clearTimeout(this.#deadlineTimer);
  }

  /** The epoch to fence with, when this process holds `shard` and may serve it now. */
  heldEpoch(shard: number): number | undefined {
    const h = this.#held.get(shard);
    if (h === undefined || performance.now() >= h.deadline) return undefined;
    return h.epoch;
  }

  /** Shards held now, ascending. */
  heldShards(): number[] {
    const now = performance.now();
    return [...this.#held]
      .filter(([, h]) => now < h.deadline)
      .map(([s]) => s)
      .sort((a, b) => a - b);
  }

  /** The shard's lease as last read (refreshed every renewal cycle). */
  leaseOf(shard: number): LeaseView | undefined {
    const row = this.#rows[shard];
    if (row === undefined) return undefined;
    // The read was sent before the database took its clock, so counting
    // the remaining time from the send time never overstates it.
    return { owner: row.owner, epoch: row.epoch, expiresAt: this.#rowsSentAt + row.remainingMs };
  }

  /** Whether `shard` is being released by this process right now. */
  isReleasing(shard: number): boolean {
    return this.#releasing.has(shard);
  }

  /** Held shards whose desired owner is another live member, a few at a time. */
  shardsToRelease(): number[] {
    return shardsToRelease(
      this.#o.nodeId,
      this.heldShards(),
      [...this.#o.membership.live().keys()],
      this.#o.releaseBatch ?? DEFAULT_RELEASE_BATCH,
    );
  }

  /**
   * Gives `shards` up: they stop being served before the database hears
   * of it, then their rows are freed and the others told over NATS.
   */
  async release(shards: readonly number[]): Promise<void> {
    const mine = shards.filter((s) => this.#held.has(s)).sort((a, b) => a - b);
    if (mine.length === 0) return;
    for (const s of mine) {
      this.#held.delete(s);
      this.#releasing.add(s);
    }
    try {
      await this.#o.table.release(this.#o.nodeId, mine);
      // Not taken back by this process for a while: the plan may still
      // desire them here if the others have not been heard yet.
      const until = performance.now() + this.#o.ttlMs * 2;
      for (const s of mine) this.#releasedUntil.set(s, until);
      this.#o.membership.announceReleased(mine);
      this.#emit('released', mine);
    } catch (error) {
      // Not serving them already; the leases simply expire on the database.
      this.#o.log.warn({ err: (error as Error).message }, 'fleet: releasing shards failed');
      this.#emit('lost', mine);
    } finally {
      for (const s of mine) this.#releasing.delete(s);
    }
  }

  #emit(event: ShardEventName, shards: readonly number[]): void {
    this.#events.emit(event, shards);
  }

  /** Runs a cycle now, or right after the one in flight. */
  #kick(): void {
    if (!this.#running) return;
    if (this.#cycling) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#cycleTimer);
    const startedAt = performance.now();
    this.#cycling = this.#cycle()
      .catch((error: unknown) => {
        if (!this.#failing)
          this.#o.log.warn({ err: (error as Error).message }, 'fleet: lease cycle failed');
        this.#failing = true;
      })
      .finally(() => {
        this.#cycling = undefined;
        if (!this.#running) return;
        if (this.#again) {
          this.#again = false;
          this.#kick();
          return;
        }
        const wait = Math.max(0, this.#intervalMs - (performance.now() - startedAt));
        this.#cycleTimer = setTimeout(() => this.#kick(), wait);
      });
  }

  async #cycle(): Promise<void> {
    this.#dropOverdue();
    await this.#renew();
    if (!this.#running) return;
    const sentAt = performance.now();
    const rows = await this.#o.table.readAll();
    const byShard: LeaseRow[] = [];
    for (const row of rows) byShard[row.shard] = row;
    this.#rows = byShard;
    this.#rowsSentAt = sentAt;
    const now = performance.now();
    for (const row of rows) {
      if (!isFree(row)) this.#freeSince.delete(row.shard);
      else if (!this.#freeSince.has(row.shard)) this.#freeSince.set(row.shard, now);
    }
    for (const [s, until] of this.#releasedUntil) if (now >= until) this.#releasedUntil.delete(s);
    const wanted = shardsToAcquire({
      self: this.#o.nodeId,
      rows,
      live: [...this.#o.membership.live().keys()],
      held: new Set(this.#held.keys()),
      skip: new Set([...this.#releasing, ...this.#releasedUntil.keys()]),
      freeSince: this.#freeSince,
      now,
      graceMs: this.#o.ttlMs,
    });
    await this.#acquire(wanted);
    if (this.#failing) this.#o.log.info({}, 'fleet: lease cycle works again');
    this.#failing = false;
  }

  async #renew(): Promise<void> {
    const held = [...this.#held].map(([shard, h]) => ({ shard, epoch: h.epoch }));
    if (held.length === 0) return;
    const sentAt = performance.now();
    const kept = await this.#o.table.renewAll(this.#o.nodeId, held, this.#o.ttlMs);
    const lost: number[] = [];
    for (const { shard, epoch } of held) {
      const h = this.#held.get(shard);
      // Released or lost while the statement ran: nothing to update.
      if (h === undefined || h.epoch !== epoch) continue;
      if (kept.has(shard)) h.deadline = Math.max(h.deadline, this.#deadlineFrom(sentAt));
      else {
        this.#held.delete(shard);
        lost.push(shard);
      }
    }
    this.#emit('lost', lost);
    this.#armDeadline();
  }

  async #acquire(shards: readonly number[]): Promise<void> {
    if (shards.length === 0) return;
    const sentAt = performance.now();
    const got = await this.#o.table.acquire(this.#o.nodeId, shards, this.#o.ttlMs);
    const fresh: number[] = [];
    for (const { shard, epoch } of got) {
      // Released while the statement ran: the release already freed the row.
      if (this.#releasing.has(shard)) continue;
      const h = this.#held.get(shard);
      if (h === undefined) fresh.push(shard);
      // Taken twice at once (a cycle and a notice): the later deadline stands.
      const deadline = Math.max(h?.deadline ?? 0, this.#deadlineFrom(sentAt));
      this.#held.set(shard, { epoch, deadline });
    }
    this.#emit(
      'acquired',
      fresh.sort((a, b) => a - b),
    );
    this.#armDeadline();
  }

  #deadlineFrom(sentAt: number): number {
    return sentAt + this.#o.ttlMs - this.#marginMs;
  }

  /** Drops held shards past their local deadline and reports them lost. */
  #dropOverdue(): void {
    const now = performance.now();
    const lost: number[] = [];
    for (const [shard, h] of this.#held)
      if (now >= h.deadline) {
        this.#held.delete(shard);
        lost.push(shard);
      }
    this.#emit(
      'lost',
      lost.sort((a, b) => a - b),
    );
  }

  /** One timer at the earliest local deadline, so `lost` is reported even with no cycle running. */
  #armDeadline(): void {
    clearTimeout(this.#deadlineTimer);
    let earliest = Number.POSITIVE_INFINITY;
    for (const h of this.#held.values()) earliest = Math.min(earliest, h.deadline);
    if (earliest === Number.POSITIVE_INFINITY) return;
    this.#deadlineTimer = setTimeout(
      () => {
        this.#dropOverdue();
        this.#armDeadline();
      },
      Math.max(0, earliest - performance.now()),
    );
  }

  /** Another member released shards: the ones desired here are taken at once. */
  #onReleasedNotice(shards: readonly number[], from: string): void {
    if (!this.#running) return;
    // The releaser gave them up, so it is not counted among their candidates.
    const live = [...this.#o.membership.live().keys()].filter((m) => m !== from);
    for (const s of shards)
      if (!this.#held.has(s) && desiredOwner(s, live) === this.#o.nodeId) this.#noticed.add(s);
    if (this.#noticed.size === 0 || this.#taking) return;
    this.#taking = this.#takeNoticed()
      .catch((error: unknown) =>
        this.#o.log.warn({ err: (error as Error).message }, 'fleet: taking released shards failed'),
      )
      .finally(() => {
        this.#taking = undefined;
      });
  }

  /** Takes the noticed shards, in batches, until no notice is left. */
  async #takeNoticed(): Promise<void> {
    while (this.#noticed.size > 0 && this.#running) {
      // After a cycle in flight, so its acquisition and this one do not race.
      await this.#cycling;
      const batch = [...this.#noticed].filter((s) => !this.#held.has(s));
      this.#noticed.clear();
      await this.#acquire(batch);
    }
    this.#noticed.clear();
  }
}
