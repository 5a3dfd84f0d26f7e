import { shardOf } from '../kit/shard-of.ts';

/**
 * Where a player is served, as this process sees it:
 * - `here`: this process holds the lease on the player's shard, at `epoch`;
 * - `elsewhere`: another live process owns it, reachable at `url` (its
 *   LIFETICK_PUBLIC_URL): the client is redirected there;
 * - `moving`: the shard is changing owner; the client waits `retryAfterMs`
 *   and says hello again, to any process.
 */
export type Placement =
  | { readonly kind: 'here'; readonly shard: number; readonly epoch: number }
  | { readonly kind: 'elsewhere'; readonly shard: number; readonly url: string }
  | { readonly kind: 'moving'; readonly shard: number; readonly retryAfterMs: number };

/** Which process serves which player. The server asks it on every hello. */
export interface Ownership {
  placementOf(playerId: string): Placement;
}

/** One process owns every player (SQLite mode, and MySQL without fleet mode). */
export const soleOwnership: Ownership = {
  placementOf: (playerId) => ({ kind: 'here', shard: shardOf(playerId), epoch: 0 }),
};
