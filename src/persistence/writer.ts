import { PhaseTimes } from '../kit/phase-times.ts';
import { FencedOutError } from './fence.ts';
import { type FencedRowsOptions, keepHeld, settleFencedOut } from './fenced-rows.ts';
import { type Chunk, snapshotChunk } from './flush-chunk.ts';
import { SaveHealth } from './save-health.ts';
import { type ClaimedSave, type Measured, UnsavedSlots } from './unsaved-slots.ts';
import type { WriterOptions, WriterStatus } from './writer-options.ts';

export type { WriterOptions, WriterStatus } from './writer-options.ts';

/**
 * How often phase 2 measures the status that /health, /stats and /metrics
 * serve (ms): one walk of the slots a second costs about a millisecond at a
 * million slots, and no health check or scrape needs it fresher.
 */
export const STATUS_REFRESH_MS = 1000;

// Rows per save (one transaction) unless told otherwise. One chunk goes
// out per tick, so this caps a flush at 20 Hz x 20,000 = 400k rows/s, above
// what SQLite takes (bench persist); a chunk's copy is about 1 ms of main
// thread at the copying speed measured there (0.05 µs a row, a memcpy per
// column and run of slots), and its transaction about 60-80 ms of the
// persistence worker.
const DEFAULT_BATCH = 20_000;
// Main-thread time per tick for copying state out, unless told otherwise
// (ms): 4% of a 50 ms tick.
const DEFAULT_SNAPSHOT_BUDGET_MS = 2;
// Saves queued on the persistence worker at once: one writing, one ready behind it.
const DEFAULT_MAX_IN_FLIGHT = 2;
// The smallest chunk a tick copies, however slow copying was measured: a
// flush always moves forward.
const MIN_CHUNK = 256;
// Slots a tick looks at for changed players: a pass over a million slots
// with few of them changed takes 16 ticks (0.8 s) instead of one long tick.
const SCAN_PER_TICK = 65_536;

/**
 * The write-behind writer. It remembers WHICH players changed (a timestamp
 * per slot, in unsaved-slots.ts), never copies of their state: at flush
 * time it copies the current state out of the columns, so the latest state
 * wins and memory is bounded by players, not by changes.
 *
 * Copying happens in phase 2 of a tick (the only time the main thread may
 * read the columns: the server calls `phase2()` from the engine's publish
 * step), a bounded chunk per tick, as raw column bytes (raw-rows.ts), and
 * the chunk goes to the persistence worker to be laid out in rows and
 * written. A flush is one pass of a cursor over the slots; the next starts
 * flushMs after the last one started, or at once when the pass took longer,
 * so a world too big to save in flushMs is saved back to back. A player's
 * cold state goes with a save only when it changed since it was saved. A failed save puts its players back
 * into the dirty set and the writer retries with backoff; ticks and sockets
 * never wait for the database.
 */
export class WriteBehindWriter {
  /** Main-thread time of each snapshot chunk (`total`). */
  readonly stall = new PhaseTimes(['total'] as const);
  readonly #o: WriterOptions;
  readonly #clock: () => number;
  readonly #slots = new UnsavedSlots();
  readonly #health: SaveHealth;
  readonly #batch: number;
  readonly #maxInFlight: number;
  readonly #budgetMs: number;
  readonly #fenced: FencedRowsOptions;
  // A fenced-out save put rows of held shards back: flushAll goes again.
  #fencedBack = false;
  // Measured main-thread cost of copying one player out (starts at a
  // conservative 1 µs; see DEFAULT_BATCH for what was measured).
  #msPerRow = 0.001;
  // The flush's pass over the slots: the next slot to look at, and where it ends.
  #cursor = 0;
  #passEnd = 0;
  #passStartedAt = 0;
  #cycleActive = false;
  // The cold bytes the database holds per slot, as far as saves that
  // landed tell (undefined: unknown, so the next save sends them).
  #coldSaved: (Uint8Array | undefined)[] = [];
  #inFlightSaves = 0;
  #cycleWaiters: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #cached: Measured = { unflushed: 0, oldestSince: 0 };
  // Status refreshes and copy costs are paced and measured on the monotonic
  // clock: they are about this process's own time, not about when things happened.
  #cachedAt = Number.NEGATIVE_INFINITY;
  #measurements = 0;

  constructor(options: WriterOptions) {
    this.#o = options;
    this.#clock = options.clock ?? Date.now;
    this.#health = new SaveHealth(options.logger);
    this.#batch = options.batchSize ?? DEFAULT_BATCH;
    this.#budgetMs = options.snapshotBudgetMs ?? DEFAULT_SNAPSHOT_BUDGET_MS;
    this.#maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.#fenced = { fence: options.fence, onFencedOut: options.onFencedOut };
    this.#slots.ensure(options.source.capacity);
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
    this.#slots.track(slot, playerId, version);
    this.#coldSaved[slot] = undefined;
  }

  /** Stop saving a slot (its player was evicted). */
  untrack(slot: number): void {
    this.#slots.untrack(slot);
    this.#coldSaved[slot] = undefined;
  }

  /**
   * Note that a player changed where the dirty masks do not show it (their
   * cold state, a server-only field), so the next flush saves them. Not
   * sim's markDirty, which marks a field for the next update frame.
   */
  noteChange(slot: number): void {
    this.#slots.noteChange(slot, this.#clock());
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
    return this.#slots.claim(slot, hold, this.#clock());
  }

  /** Saved, and no save of it in flight: safe to evict. */
  isClean(slot: number): boolean {
    return this.#slots.isClean(slot);
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
    return this.#slots.measure(this.#o.source.highWater);
  }

  #compose(measured: Measured): WriterStatus {
    const health = this.#health;
    return {
      unflushed: measured.unflushed,
      oldestUnsavedMs:
        measured.oldestSince === 0 ? 0 : Math.max(0, this.#clock() - measured.oldestSince),
      failing: health.failing,
      lastError: health.lastError,
      rowsSaved: health.rowsSaved,
      failures: health.failures,
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
    this.#cursor = this.#passEnd;
    this.#endCycleIfDone();
    while (this.#cycleActive)
      await new Promise<void>((resolve) => this.#cycleWaiters.push(resolve));
    // A held player's state is complete only once its claimed save settles
    // (it does within the store's request timeout).
    await this.#slots.noneHeld();
    let failure: unknown;
    // Again while a fenced-out save put rows back: each such save dropped
    // at least one player for good, so this ends.
    do {
      this.#fencedBack = false;
      this.#scanDirtyMasks();
      const slots = keepHeld(this.#slots.copyableSlots(), this.#slots, this.#fenced);
      // Chunks go out at most #maxInFlight at a time: each request's timeout
      // starts when it is sent, so posting everything at once would time out
      // requests that merely waited their turn behind a healthy database.
      const inFlight = new Set<Promise<void>>();
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
    } while (this.#fencedBack && failure === undefined);
    // Ticks have stopped: nothing else would refresh what /health serves.
    this.#cached = this.#measure();
    this.#cachedAt = performance.now();
    if (failure !== undefined) throw failure;
  }

  /**
   * Save these players now, outside the flush cycle (fleet mode: a shard's
   * players are saved before its lease is released to another process).
   * Call with the engine idle: every row is copied at once. Slots that are
   * clean, untracked, of a shard not held, or with a save already in flight
   * are skipped (`isClean` tells when a slot is done). Rejects when the
   * database fails; a fenced-out chunk drops its rows as a flush does.
   */
  saveSlots(slots: readonly number[]): Promise<void> {
    // Changes applied since the last phase 2 show only in the dirty masks.
    this.#scanDirtyMasks();
    const copyable = slots.filter((s) => this.#slots.copyable(s));
    const held = keepHeld(copyable, this.#slots, this.#fenced);
    const chunks: Chunk[] = [];
    for (let i = 0; i < held.length; i += this.#batch)
      chunks.push(this.#snapshot(held.slice(i, i + this.#batch)));
    return Promise.all(chunks.map((chunk) => this.#save(chunk, true))).then(() => {});
  }

  /** Record which tracked players changed this tick (phase 2, before the masks are cleared). */
  #scanDirtyMasks(): void {
    const { columns, highWater } = this.#o.source;
    this.#slots.scanDirtyMasks(columns.dirty, highWater, this.#clock());
  }

  #beginCycle(): void {
    if (this.#cycleActive || !this.#health.mayStart(this.#clock())) return;
    this.#cursor = 0;
    this.#passEnd = this.#o.source.highWater;
    this.#passStartedAt = performance.now();
    this.#cycleActive = true;
  }

  /**
   * The writer's part of phase 2: note who changed this tick, refresh the
   * cached status when it is due, and copy the next chunk of a flush. The
   * server calls it from the engine's publish step (engine.onPublish), with
   * the columns quiet and their dirty masks not yet cleared.
   */
  phase2(): void {
    this.#slots.ensure(this.#o.source.capacity);
    this.#scanDirtyMasks();
    const now = performance.now();
    if (now - this.#cachedAt >= STATUS_REFRESH_MS) {
      this.#cached = this.#measure();
      this.#cachedAt = now;
    }
    if (!this.#cycleActive) return;
    if (this.#inFlightSaves < this.#maxInFlight && this.#cursor < this.#passEnd) {
      const started = performance.now();
      // As many players as fit the time budget at the copying speed measured
      // on earlier chunks (at most one batch): the chunk adapts to the
      // machine, instead of a fixed count per tick capping the flush rate.
      const want = Math.max(
        MIN_CHUNK,
        Math.min(this.#batch, Math.floor(this.#budgetMs / this.#msPerRow)),
      );
      const slots: number[] = [];
      const stop = Math.min(this.#passEnd, this.#cursor + SCAN_PER_TICK);
      while (slots.length < want && this.#cursor < stop) {
        const s = this.#cursor++;
        if (this.#slots.copyable(s)) slots.push(s);
      }
      const held = keepHeld(slots, this.#slots, this.#fenced);
      if (held.length > 0) {
        const chunk = this.#snapshot(held);
        const ms = performance.now() - started;
        // A moving average, so one chunk slowed by a busy core does not halve the next.
        this.#msPerRow = 0.7 * this.#msPerRow + 0.3 * (ms / held.length);
        this.stall.record('total', ms);
        this.#o.onStall?.(ms);
        void this.#save(chunk, false);
      }
    }
    this.#endCycleIfDone();
  }

  #endCycleIfDone(): void {
    if (this.#cycleActive && this.#cursor >= this.#passEnd && this.#inFlightSaves === 0) {
      this.#cycleActive = false;
      for (const resolve of this.#cycleWaiters.splice(0)) resolve();
      // A pass that took longer than the flush interval: the next is due
      // already (only while started: flushAll stops the timer first).
      if (this.#timer && performance.now() - this.#passStartedAt >= this.#o.flushMs)
        this.#beginCycle();
    }
  }

  /** Copy the players' current state out of the columns, with a new version each. */
  #snapshot(slots: number[]): Chunk {
    return snapshotChunk(
      {
        columns: this.#o.source.columns,
        unsaved: this.#slots,
        cold: this.#o.cold,
        coldSaved: this.#coldSaved,
      },
      slots,
      this.#clock(),
    );
  }

  async #save(chunk: Chunk, rethrow: boolean): Promise<void> {
    this.#inFlightSaves++;
    try {
      const outcome = await this.#o.store.save(
        chunk.ids,
        chunk.versions,
        chunk.updatedAt,
        chunk.blocks,
        chunk.coldAt,
        chunk.colds,
      );
      this.#health.saved(outcome.written);
      // The database holds these cold states now (a row skipped as older
      // than the stored one holds a newer save's, which sent its own).
      chunk.coldAt.forEach((i, k) => {
        const s = chunk.slots[i]!;
        if (this.#slots.idOf(s) === chunk.ids[i]) this.#coldSaved[s] = chunk.colds[k];
      });
    } catch (error) {
      const now = this.#clock();
      if (error instanceof FencedOutError) {
        // Not a database failure: no backoff, the pass goes on; the rows of
        // held shards are written by the next flush.
        if (settleFencedOut(chunk, error, this.#slots, this.#fenced, now) > 0)
          this.#fencedBack = true;
        this.#o.logger.warn(
          { shards: error.shards },
          'save fenced out; rows of lost shards dropped',
        );
        return;
      }
      this.#health.failed(error, now);
      // The players go back into the dirty set with their original age.
      chunk.slots.forEach((s, i) => {
        this.#slots.restore(s, chunk.ids[i], chunk.since[i] || now);
      });
      this.#cursor = this.#passEnd;
      if (rethrow) throw error;
    } finally {
      for (const s of chunk.slots) this.#slots.endSave(s);
      this.#inFlightSaves--;
      this.#endCycleIfDone();
    }
  }
}
