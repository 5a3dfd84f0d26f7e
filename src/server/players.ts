import type { Engine } from '../engine/engine.ts';
import type { PlayerHandle } from '../world/store.ts';

/** A 32-bit FNV-1a hash of a player id: the player number their life's randomness is seeded from. */
export function playerNumber(playerId: string): number {
  let h = 2166136261;
  for (let i = 0; i < playerId.length; i++) h = Math.imul(h ^ playerId.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Resident players by id. A player seen for the first time is born into a
 * new life. (Loading saved players and evicting idle ones belong to the
 * persistence layer.)
 */
export class PlayerDirectory {
  readonly #handles = new Map<string, PlayerHandle>();

  constructor(
    private readonly engine: Engine,
    private readonly seed: number,
  ) {}

  get size(): number {
    return this.#handles.size;
  }

  /** The player's slot, creating their life if they are new. Call with the engine idle. */
  slotFor(playerId: string): number {
    let handle = this.#handles.get(playerId);
    if (handle === undefined || this.engine.world.resolve(handle) < 0) {
      handle = this.engine.spawn({
        seed: this.seed,
        player: playerNumber(playerId),
        ageYears: 0,
        speed: 1,
      });
      this.#handles.set(playerId, handle);
    }
    return this.engine.world.resolve(handle);
  }
}
