import { fnv1a } from './fnv1a.ts';

/**
 * Shards a fleet splits its players into. Fixed for the life of a
 * database: a player's shard must never change, or two processes could
 * each think they own it. 4096 lets a fleet of a few dozen processes move
 * load in small steps (about 1/4096 of the players a shard) while the lease
 * table stays a few hundred kilobytes.
 */
export const SHARD_COUNT = 4096;

/**
 * The shard of a player: a stable hash of the id (FNV-1a of its UTF-16
 * code units), the same in every process, build and restart.
 */
export function shardOf(playerId: string): number {
  return fnv1a(playerId) % SHARD_COUNT;
}
