import type { Ownership, Placement } from '../../src/fleet/ownership.ts';
import { shardOf } from '../../src/kit/shard-of.ts';

/** Where a scripted ownership places a player, given the player and how many times it was asked (1, 2...). */
export type PlacementRule = (playerId: string, ask: number) => Placement;

/** Placements by kind, with the player's real shard. */
export const place = {
  here: (playerId: string): Placement => ({ kind: 'here', shard: shardOf(playerId), epoch: 0 }),
  elsewhere: (playerId: string, url: string): Placement => ({
    kind: 'elsewhere',
    shard: shardOf(playerId),
    url,
  }),
  moving: (playerId: string, retryAfterMs: number): Placement => ({
    kind: 'moving',
    shard: shardOf(playerId),
    retryAfterMs,
  }),
};

/**
 * An Ownership a test scripts and changes while the server runs, counting
 * the server's questions so a test can wait for the n-th one.
 */
export class ScriptedOwnership implements Ownership {
  asks = 0;
  #rule: PlacementRule;
  #waiters: { readonly n: number; readonly resolve: () => void }[] = [];

  constructor(rule: PlacementRule = place.here) {
    this.#rule = rule;
  }

  /** Answer by `rule` from now on. */
  set(rule: PlacementRule): void {
    this.#rule = rule;
  }

  placementOf(playerId: string): Placement {
    this.asks++;
    const placement = this.#rule(playerId, this.asks);
    for (const w of this.#waiters.filter((w) => this.asks >= w.n)) w.resolve();
    this.#waiters = this.#waiters.filter((w) => this.asks < w.n);
    return placement;
  }

  /** Resolves once the server has asked `n` times in all. */
  asked(n: number): Promise<void> {
    if (this.asks >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ n, resolve }));
  }
}
