import { DIRTY_WORDS } from '../world/schema.ts';

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

/** What a walk of the slots finds: unsaved players, and when the oldest of their changes was made (0: none). */
export interface Measured {
  readonly unflushed: number;
  readonly oldestSince: number;
}

// The per-slot tables start this large (and at least double when they
// grow), so a world that grows slot by slot does not copy them each time.
const MIN_SLOTS = 1024;

/**
 * The write-behind writer's memory of WHICH players are unsaved and since
 * when, one entry per slot: the player's id and last version, when their
 * oldest unsaved change was made (0: none), how many saves of them are in
 * flight and the oldest change those cover, and the claims that hold them
 * back from flushes. Never copies of their state: memory is bounded by
 * players, not by changes. Times are wall-clock ms, passed in by the writer.
 */
export class UnsavedSlots {
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

  /** Make room for slots below `capacity`. */
  ensure(capacity: number): void {
    if (this.#versions.length >= capacity) return;
    const size = Math.max(capacity, this.#versions.length * 2, MIN_SLOTS);
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

  track(slot: number, playerId: string, version: number): void {
    this.ensure(slot + 1);
    this.#ids[slot] = playerId;
    this.#versions[slot] = version;
    this.#dirtySince[slot] = 0;
  }

  untrack(slot: number): void {
    this.#ids[slot] = undefined;
    this.#dirtySince[slot] = 0;
  }

  idOf(slot: number): string | undefined {
    return this.#ids[slot];
  }

  /** A tracked player changed at `now`; an older unsaved change keeps its time. */
  noteChange(slot: number, now: number): void {
    if (this.#ids[slot] !== undefined && this.#dirtySince[slot] === 0) this.#dirtySince[slot] = now;
  }

  /** When the slot's oldest unsaved change not yet in a save was made (0: none). */
  changedSince(slot: number): number {
    return this.#dirtySince[slot]!;
  }

  /** Saved, and no save of it in flight. */
  isClean(slot: number): boolean {
    return this.#dirtySince[slot] === 0 && this.#inFlight[slot] === 0;
  }

  /** Whether a flush may copy the slot now: tracked, changed, not held. */
  copyable(s: number): boolean {
    return this.#dirtySince[s] !== 0 && this.#ids[s] !== undefined && this.#held[s] === 0;
  }

  /** Every slot a flush may copy now. */
  copyableSlots(): number[] {
    const slots: number[] = [];
    for (let s = 0; s < this.#dirtySince.length; s++) if (this.copyable(s)) slots.push(s);
    return slots;
  }

  /**
   * Note as changed at `now` each tracked player whose dirty mask (`dirty`,
   * DIRTY_WORDS words a slot) shows a change: call in phase 2, before the
   * masks are cleared.
   */
  scanDirtyMasks(dirty: Uint32Array, highWater: number, now: number): void {
    const end = Math.min(highWater, this.#ids.length);
    const since = this.#dirtySince;
    // Typed arrays first: the ids (a plain array of a million strings) are
    // read only for a slot that did change, which keeps the walk over a
    // quiet world to two typed-array reads a slot.
    for (let s = 0; s < end; s++) {
      if (since[s] !== 0) continue;
      let changed = false;
      for (let w = 0; w < DIRTY_WORDS; w++) changed ||= dirty[s * DIRTY_WORDS + w] !== 0;
      if (changed && this.#ids[s] !== undefined) since[s] = now;
    }
  }

  /** Walk the slots below `highWater`: unsaved players, and the oldest of their changes. */
  measure(highWater: number): Measured {
    let unflushed = 0;
    let oldestSince = 0;
    // Slots at or above the high-water mark were never handed out, so never tracked.
    const end = Math.min(this.#dirtySince.length, highWater);
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

  /**
   * A save of the slot's current state begins: it gets the next version,
   * which it returns, and covers the unsaved changes up to now, the oldest
   * of them made at `since`. Until `endSave` the player counts as saving.
   */
  beginSave(slot: number, since: number): number {
    this.#versions[slot] = this.#versions[slot]! + 1;
    const pending = this.#inFlight[slot] === 0 ? 0 : this.#pendingSince[slot]!;
    this.#pendingSince[slot] = pending === 0 ? since : Math.min(pending, since);
    this.#dirtySince[slot] = 0;
    this.#inFlight[slot]!++;
    return this.#versions[slot]!;
  }

  /** A save begun with `beginSave` has landed or failed. */
  endSave(slot: number): void {
    this.#inFlight[slot]!--;
    if (this.#inFlight[slot] === 0) this.#pendingSince[slot] = 0;
  }

  /**
   * A save of `playerId` failed: if the slot still holds them, they are
   * unsaved again since `since`. One that changed again meanwhile keeps the
   * OLDER time: its first unsaved change is still the one the save failed to write.
   */
  restore(slot: number, playerId: string | undefined, since: number): void {
    if (this.#ids[slot] === undefined || this.#ids[slot] !== playerId) return;
    const dirty = this.#dirtySince[slot]!;
    this.#dirtySince[slot] = dirty === 0 ? since : Math.min(dirty, since);
  }

  /**
   * A save of the slot's current state made outside the flush, at `now`
   * (WriteBehindWriter.claimSave says when and why); with `hold`, flushes
   * leave the slot alone until it settles.
   */
  claim(slot: number, hold: boolean, now: number): ClaimedSave {
    this.ensure(slot + 1);
    const id = this.#ids[slot];
    const first = this.#dirtySince[slot]!;
    const since = first === 0 ? now : first;
    const version = this.beginSave(slot, since);
    if (hold) this.#hold(slot);
    let settled = false;
    return {
      version,
      settle: (saved) => {
        if (settled) return;
        settled = true;
        this.endSave(slot);
        if (!saved) this.restore(slot, id, since);
        if (hold) this.#release(slot);
      },
    };
  }

  /** Keep flushes from copying the slot until `#release`. */
  #hold(slot: number): void {
    this.#held[slot]!++;
    this.#heldTotal++;
  }

  #release(slot: number): void {
    this.#held[slot]!--;
    this.#heldTotal--;
    if (this.#heldTotal === 0) for (const resolve of this.#heldWaiters.splice(0)) resolve();
  }

  /** Settles when no slot is held. */
  async noneHeld(): Promise<void> {
    while (this.#heldTotal > 0)
      await new Promise<void>((resolve) => this.#heldWaiters.push(resolve));
  }
}
