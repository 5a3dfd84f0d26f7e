import { encodeCold } from '../persistence/row-codec.ts';
import { type ColdState, coldStateFrom } from '../world/cold.ts';

interface Entry {
  readonly state: ColdState;
  /** The state as saved bytes; undefined after a change until the next save asks. */
  bytes: Uint8Array | undefined;
}

const EMPTY = encodeCold({});

/**
 * The cold state of every resident player, by slot. Commands change a
 * state in place and call `changed(slot)`; the writer asks for `bytes(slot)`
 * when it saves the player, which encodes only states that changed since
 * the last save, so a save of players whose cold state did not move costs
 * no encoding at all. The encoding runs in phase 2 (the writer's snapshot):
 * 2.7 µs for a typical state (280 bytes), but 0.73 ms for one whose ledger
 * is full (500 purchases with their results, 78 KB), measured with
 * row-codec.ts encodeCold on the 2-core bench machine. The writer sizes
 * its chunks by a moving average of what rows cost to copy, so a chunk
 * heavy with such players makes the next ones smaller; that chunk itself
 * can run over the 1.5 ms budget.
 */
export class ColdStates {
  #bySlot: (Entry | undefined)[] = [];

  /** Hold a player's state (loaded, or fresh for a new life). */
  set(slot: number, saved: unknown): ColdState {
    const state = coldStateFrom(saved);
    this.#bySlot[slot] = { state, bytes: undefined };
    return state;
  }

  get(slot: number): ColdState {
    const entry = this.#bySlot[slot];
    if (!entry) throw new Error(`no cold state for slot ${slot}`);
    return entry.state;
  }

  has(slot: number): boolean {
    return this.#bySlot[slot] !== undefined;
  }

  /** The state changed: the next save encodes it again. */
  changed(slot: number): void {
    const entry = this.#bySlot[slot];
    if (entry) entry.bytes = undefined;
  }

  /** The state as MessagePack for a save (an empty map for a slot with none). */
  bytes(slot: number): Uint8Array {
    const entry = this.#bySlot[slot];
    if (!entry) return EMPTY;
    entry.bytes ??= encodeCold(entry.state);
    return entry.bytes;
  }

  delete(slot: number): void {
    this.#bySlot[slot] = undefined;
  }
}
