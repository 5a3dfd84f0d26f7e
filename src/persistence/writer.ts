import type { Engine } from '../engine/engine.ts';
import { TickStats } from '../engine/tick-stats.ts';
import type { Logger } from '../ops/log.ts';
import { DIRTY_WORDS } from '../world/schema.ts';
import type { PlayerStore } from './player-store.ts';
import { copySlotToRow, ROW_STRIDE } from './row-codec.ts';

export interface WriterOptions {
  readonly engine: Engine;
  readonly store: PlayerStore;
  readonly logger: Logger;
  /** How often a flush starts (LIFETICK_FLUSH_MS). */
  readonly flushMs: number;
  /** Most rows per save (one transaction). */
  readonly batchSize?: number;
  /** Main-thread time one tick may spend copying state out for a flush (default 1.5 ms). */
  readonly snapshotBudgetMs?: number;
  /** Saves the worker may have queued at once: one writing, one ready behind it. */
  readonly maxInFlight?: number;
  /** A player's cold state as saved bytes (server/cold-states.ts); absent: empty. */
  readonly cold?: (slot: number) => Uint8Array;
  /** Called with each snapshot chunk's main-thread time, for metrics. */
  readonly onStall?: (ms: number) => void;
}

export interface WriterStatus {
  /** Players whose latest change is not in the database. */
  readonly unflushed: number;
  /** Age of the oldest change not in the database, ms (0 when everything is saved). */
  readonly oldestUnsavedMs: number;
  /** True while the last save failed: the database is down or refusing. */
  readonly failing: boolean;
  readonly lastError: string | undefined;
  readonly rowsSaved: number;
  readonly failures: number;
}

/** What a walk of the slots finds: unsaved players, and when the oldest of their changes was made (0: none). */
interface Measured {
  readonly unflushed: number;
  readonly oldestSince: number;
}

/**
 * How often phase 2 measures the status that /health, /stats and /metrics
 * serve (ms): one walk of the slots a second costs about a millisecond at a
 * million slots, and no health check or scrape needs it fresher.
 */
export const STATUS_REFRESH_MS = 1000;

/**
 * A save of one player made outside the flush (see WriteBehindWriter.claimSave).
 * Settle it once, when its transaction has committed or failed.
 */
export interface ClaimedSave {
  /** The version the copy is saved under. */
  readonly version: number;
  /** The save committed (true) or did not (false: the player is unsaved again). */
  settle(saved: boolean): void;
}

/** A snapshot on its way to the database. */
interface Chunk {
  readonly slots: number[];
  /** When each slot's change was first unsaved, to restore on failure. */
  readonly since: number[];
  readonly ids: string[];
  readonly versions: Float64Array;
  readonly updatedAt: Float64Array;
  readonly rows: Float64Array;
  readonly colds: Uint8Array[];
}

const NO_COLD = new Uint8Array(0);

// Backoff between failed flushes: 0.5 s doubling to 4 s. Retrying a
// database that is down costs one failed connection attempt; a short cap
// means saving resumes within seconds of it coming back.
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 4000;

/**
 * The write-behind writer. It remembers WHICH players changed (a timestamp
 * per slot), never copies of their state: at flush time it copies the
 * current state out of the columns, so the latest state wins and memory is
 * bounded by players, not by changes.
 *
 * Copying happens in phase 2 of a tick (the only time the main thread may
 * read the columns), a bounded chunk per tick, and the chunk goes to the
 * persistence worker to be encoded and written. A failed save puts its
 * players back into the dirty set and the writer retries with backoff;
 * ticks and sockets never wait for the database.
 */
export class WriteBehindWriter {
  readonly stall = new TickStats();
  readonly #o: WriterOptions;
  readonly #batch: number;
  readonly #maxInFlight: number;
  readonly #budgetMs: number;
  // Measured main-thread cost of copying one player out (starts at a
  // conservative 1 µs; about 0.5 µs on the machine benched).
  #msPerRow = 0.001;
  #ids: (string | undefined)[] = [];
  #versions = new Float64Array(0);
  #dirtySince = new Float64Array(0);
  #inFlight = new Uint8Array(0);
  // The oldest unsaved change of a player whose save is in flight: until
  // that save lands, the change is still not in the database.
  #pendingSince = new Float64Array(0);
  // Claimed saves per slot whose copy holds a change the columns do not
  // have yet: no flush copies such a player until they settle.
  #held = new Uint8Array(0);
  #heldTotal = 0;
  #heldWaiters: (() => void)[] = [];
  #queue: number[] = [];
  #queueAt = 0;
  #cycleActive = false;
  #inFlightSaves = 0;
  #cycleWaiters: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #backoffMs = 0;
  #retryAt = 0;
  #failing = false;
  #lastError: string | undefined;
  #rowsSaved = 0;
  #failures = 0;
  #cached: Measured = { unflushed: 0, oldestSince: 0 };
  #cachedAt = Number.NEGATIVE_INFINITY;
  #measurements = 0;

  constructor(options: WriterOptions) {
    this.#o = options;
    this.#batch = options.batchSize ?? 5000;
    this.#budgetMs = options.snapshotBudgetMs ?? 1.5;
    this.#maxInFlight = options.maxInFlight ?? 2;
    this.#ensure(options.engine.world.capacity);
    options.engine.onPublish(() => this.#phase2());
  }

  start(): void {
    this.#timer ??= setInterval(() => this.#beginCycle(), this.#o.flushMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Start saving a resident player (call with the engine idle). */
  track(slot: number, playerId: string, version: number): void {
    this.#ensure(slot + 1);
    this.#ids[slot] = playerId;
    this.#versions[slot] = version;
    this.#dirtySince[slot] = 0;
  }

  /** Stop saving a slot (its player was evicted). */
  untrack(slot: number): void {
    this.#ids[slot] = undefined;
    this.#dirtySince[slot] = 0;
  }

  /** Mark a change the dirty masks do not show (server-only fields). */
  markDirty(slot: number): void {
    if (this.#ids[slot] !== undefined && this.#dirtySince[slot] === 0)
      this.#dirtySince[slot] = Date.now();
  }

  /**
   * A save of one player made outside the flush cycle: a purchase saved
   * before it is acknowledged (server/purchase-saver.ts). Call with the
   * engine idle, in the same moment the player's state is copied out. The
   * copy gets the next version, so every flush after it writes a newer one
   * and none before it can overwrite it (the persistence worker writes in
   * the order it is asked); until it settles the player counts as saving,
   * like a player in a flush: not evictable, its unsaved changes covered by
   * the copy. A save that fails makes them unsaved again.
   *
   * `hold`: the copy has a change the columns do not have yet (it is made
   * to the player once saved); no flush copies the player until the claim
   * settles, since that copy, newer but without the change, would replace
   * it in the database.
   */
  claimSave(slot: number, hold: boolean): ClaimedSave {
    this.#ensure(slot + 1);
    const id = this.#ids[slot];
    this.#versions[slot] = this.#versions[slot]! + 1;
    const version = this.#versions[slot]!;
    const first = this.#dirtySince[slot]!;
    const pending = this.#inFlight[slot] === 0 ? 0 : this.#pendingSince[slot]!;
    const since = first === 0 ? Date.now() : first;
    this.#pendingSince[slot] = pending === 0 ? since : Math.min(pending, since);
    this.#dirtySince[slot] = 0;
    this.#inFlight[slot]!++;
    if (hold) {
      this.#held[slot]!++;
      this.#heldTotal++;
    }
    let settled = false;
    return {
      version,
      settle: (saved) => {
        if (settled) return;
        settled = true;
        this.#inFlight[slot]!--;
        if (this.#inFlight[slot] === 0) this.#pendingSince[slot] = 0;
        if (!saved && this.#ids[slot] !== undefined && this.#ids[slot] === id) {
          const dirty = this.#dirtySince[slot]!;
          this.#dirtySince[slot] = dirty === 0 ? since : Math.min(dirty, since);
        }
        if (hold) {
          this.#held[slot]!--;
          this.#heldTotal--;
          if (this.#heldTotal === 0) for (const resolve of this.#heldWaiters.splice(0)) resolve();
        }
      },
    };
  }

  /** Saved, and no save of it in flight: safe to evict. */
  isClean(slot: number): boolean {
    return this.#dirtySince[slot] === 0 && this.#inFlight[slot] === 0;
  }

  /**
   * The status measured now: walks every slot. For tests, benches and the
   * shutdown log; anything a request can reach reads `cachedStatus()`.
   */
  status(): WriterStatus {
    return this.#compose(this.#measure());
  }

  /**
   * The status as last measured in phase 2 (at most STATUS_REFRESH_MS ago):
   * constant work, so a health check or a scrape never walks the slots. The
   * failure fields and counters are current; the unsaved count is up to one
   * refresh old, and the oldest unsaved change's age is counted from its
   * measured time, so it keeps growing between refreshes.
   */
  cachedStatus(): WriterStatus {
    return this.#compose(this.#cached);
  }

  /** How many times the slots were walked for a status (each status() and each refresh). */
  get measurements(): number {
    return this.#measurements;
  }

  #measure(): Measured {
    this.#measurements++;
    let unflushed = 0;
    let oldestSince = 0;
    // Slots at or above the high-water mark were never handed out, so never tracked.
    const end = Math.min(this.#dirtySince.length, this.#o.engine.world.highWater);
    for (let s = 0; s < end; s++) {
      const dirty = this.#dirtySince[s]!;
      const pending = this.#inFlight[s] === 0 ? 0 : this.#pendingSince[s]!;
      if (dirty === 0 && pending === 0) continue;
      unflushed++;
      const since = dirty === 0 ? pending : pending === 0 ? dirty : Math.min(dirty, pending);
      if (oldestSince === 0 || since < oldestSince) oldestSince = since;
    }
    return { unflushed, oldestSince };
  }

  #compose(measured: Measured): WriterStatus {
    return {
      unflushed: measured.unflushed,
      oldestUnsavedMs:
        measured.oldestSince === 0 ? 0 : Math.max(0, Date.now() - measured.oldestSince),
      failing: this.#failing,
      lastError: this.#lastError,
      rowsSaved: this.#rowsSaved,
      failures: this.#failures,
    };
  }

  /**
   * Save everything now (shutdown, with ticks stopped): snapshot every dirty
   * player directly and wait for the writes. Rejects if the database fails.
   */
  async flushAll(): Promise<void> {
    this.stop();
    // With ticks stopped, phase 2 no longer runs: drop what the current
    // cycle had left to copy (those players are still dirty and are taken
    // below) and wait only for the saves already on their way.
    this.#queue = [];
    this.#queueAt = 0;
    this.#endCycleIfDone();
    while (this.#cycleActive)
      await new Promise<void>((resolve) => this.#cycleWaiters.push(resolve));
    // A held player's state is complete only once its claimed save settles
    // (it does within the store's request timeout).
    while (this.#heldTotal > 0)
      await new Promise<void>((resolve) => this.#heldWaiters.push(resolve));
    this.#scanDirtyMasks();
    const slots = this.#dirtySlots();
    // Chunks go out at most #maxInFlight at a time: each request's timeout
    // starts when it is sent, so posting everything at once would time out
    // requests that merely waited their turn behind a healthy database.
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    for (let i = 0; i < slots.length && failure === undefined; i += this.#batch) {
      const save = this.#save(this.#snapshot(slots.slice(i, i + this.#batch)), true).catch(
        (error: unknown) => {
          failure ??= error;
        },
      );
      inFlight.add(save);
      void save.finally(() => inFlight.delete(save));
      if (inFlight.size >= this.#maxInFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    // Ticks have stopped: nothing else would refresh what /health serves.
    this.#cached = this.#measure();
    this.#cachedAt = performance.now();
    if (failure !== undefined) throw failure;
  }

  #ensure(capacity: number): void {
    if (this.#versions.length >= capacity) return;
    const size = Math.max(capacity, this.#versions.length * 2, 1024);
    const grow = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.#versions = grow(this.#versions, (n) => new Float64Array(n));
    this.#dirtySince = grow(this.#dirtySince, (n) => new Float64Array(n));
    this.#inFlight = grow(this.#inFlight, (n) => new Uint8Array(n));
    this.#pendingSince = grow(this.#pendingSince, (n) => new Float64Array(n));
    this.#held = grow(this.#held, (n) => new Uint8Array(n));
  }

  /** Whether a flush may copy the slot now: tracked, changed, not held. */
  #copyable(s: number): boolean {
    return this.#dirtySince[s] !== 0 && this.#ids[s] !== undefined && this.#held[s] === 0;
  }

  #dirtySlots(): number[] {
    const slots: number[] = [];
    for (let s = 0; s < this.#dirtySince.length; s++) if (this.#copyable(s)) slots.push(s);
    return slots;
  }

  /** Record which tracked players changed this tick (phase 2, before the masks are cleared). */
  #scanDirtyMasks(): void {
    const c = this.#o.engine.world.columns;
    const end = Math.min(this.#o.engine.world.highWater, this.#ids.length);
    const now = Date.now();
    for (let s = 0; s < end; s++) {
      if (this.#dirtySince[s] !== 0 || this.#ids[s] === undefined) continue;
      for (let w = 0; w < DIRTY_WORDS; w++) {
        if (c.dirty[s * DIRTY_WORDS + w] !== 0) {
          this.#dirtySince[s] = now;
          break;
        }
      }
    }
  }

  #beginCycle(): void {
    if (this.#cycleActive || Date.now() < this.#retryAt) return;
    this.#queue = this.#dirtySlots();
    this.#queueAt = 0;
    if (this.#queue.length > 0) this.#cycleActive = true;
  }

  #phase2(): void {
    this.#ensure(this.#o.engine.world.capacity);
    this.#scanDirtyMasks();
    const now = performance.now();
    if (now - this.#cachedAt >= STATUS_REFRESH_MS) {
      this.#cached = this.#measure();
      this.#cachedAt = now;
    }
    if (!this.#cycleActive) return;
    while (this.#inFlightSaves < this.#maxInFlight && this.#queueAt < this.#queue.length) {
      const started = performance.now();
      // As many players as fit the time budget at the copying speed measured
      // on earlier chunks (at most one batch): the chunk adapts to the
      // machine, instead of a fixed count per tick capping the flush rate
      // (2,000 a tick would be 40k rows/s at 20 Hz).
      const want = Math.max(
        256,
        Math.min(this.#batch, Math.floor(this.#budgetMs / this.#msPerRow)),
      );
      const slots: number[] = [];
      while (slots.length < want && this.#queueAt < this.#queue.length) {
        const s = this.#queue[this.#queueAt++]!;
        if (this.#copyable(s)) slots.push(s);
      }
      if (slots.length === 0) break;
      const chunk = this.#snapshot(slots);
      const ms = performance.now() - started;
      // A moving average, so one chunk slowed by a busy core does not halve the next.
      this.#msPerRow = 0.7 * this.#msPerRow + 0.3 * (ms / slots.length);
      this.stall.record('total', ms);
      this.#o.onStall?.(ms);
      void this.#save(chunk, false);
      // One chunk per tick keeps each tick's share of the copying small.
      break;
    }
    this.#endCycleIfDone();
  }

  #endCycleIfDone(): void {
    if (this.#cycleActive && this.#queueAt >= this.#queue.length && this.#inFlightSaves === 0) {
      this.#cycleActive = false;
      this.#queue = [];
      for (const resolve of this.#cycleWaiters.splice(0)) resolve();
    }
  }

  /** Copy the players' current state out of the columns, with a new version each. */
  #snapshot(slots: number[]): Chunk {
    const c = this.#o.engine.world.columns;
    const n = slots.length;
    const rows = new Float64Array(n * ROW_STRIDE);
    const versions = new Float64Array(n);
    const updatedAt = new Float64Array(n);
    const ids: string[] = [];
    const since: number[] = [];
    const colds: Uint8Array[] = [];
    const now = Date.now();
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      copySlotToRow(c, s, rows, i);
      colds.push(this.#o.cold?.(s) ?? NO_COLD);
      this.#versions[s] = this.#versions[s]! + 1;
      versions[i] = this.#versions[s]!;
      updatedAt[i] = now;
      ids.push(this.#ids[s]!);
      const first = this.#dirtySince[s]!;
      since.push(first);
      const pending = this.#inFlight[s] === 0 ? 0 : this.#pendingSince[s]!;
      this.#pendingSince[s] = pending === 0 ? first : Math.min(pending, first);
      this.#dirtySince[s] = 0;
      this.#inFlight[s]!++;
    }
    return { slots, since, ids, versions, updatedAt, rows, colds };
  }

  async #save(chunk: Chunk, rethrow: boolean): Promise<void> {
    this.#inFlightSaves++;
    try {
      const outcome = await this.#o.store.save(
        chunk.ids,
        chunk.versions,
        chunk.updatedAt,
        chunk.rows,
        chunk.colds,
      );
      this.#rowsSaved += outcome.written;
      if (this.#failing) this.#o.logger.info('database writes are back');
      this.#failing = false;
      this.#lastError = undefined;
      this.#backoffMs = 0;
    } catch (error) {
      this.#failures++;
      this.#failing = true;
      this.#lastError = (error as Error).message;
      this.#backoffMs = Math.min(
        BACKOFF_MAX_MS,
        this.#backoffMs === 0 ? BACKOFF_FIRST_MS : this.#backoffMs * 2,
      );
      this.#retryAt = Date.now() + this.#backoffMs;
      this.#o.logger.warn(
        { err: error, retryInMs: this.#backoffMs },
        'save failed; keeping the changes and retrying',
      );
      // The players go back into the dirty set with their original age. One
      // that changed again meanwhile keeps the OLDER time: its first unsaved
      // change is still the one this chunk failed to save.
      chunk.slots.forEach((s, i) => {
        if (this.#ids[s] !== chunk.ids[i]) return;
        const since = chunk.since[i] || Date.now();
        const dirty = this.#dirtySince[s]!;
        this.#dirtySince[s] = dirty === 0 ? since : Math.min(dirty, since);
      });
      this.#queue = [];
      this.#queueAt = 0;
      if (rethrow) throw error;
    } finally {
      for (const s of chunk.slots) {
        this.#inFlight[s]!--;
        if (this.#inFlight[s] === 0) this.#pendingSince[s] = 0;
      }
      this.#inFlightSaves--;
      this.#endCycleIfDone();
    }
  }
}
