import { fnv1a } from '../kit/fnv1a.ts';

/**
 * A member's weight for a shard: FNV-1a of `${nodeId}:${shard}`, then
 * murmur3's 32-bit finaliser. FNV-1a alone changes few high bits between
 * `a:1` and `a:2`, so the highest weight clustered on one member; the
 * finaliser spreads every input bit over the whole word.
 */
export function weightOf(nodeId: string, shard: number): number {
  let h = fnv1a(`${nodeId}:${shard}`);
  // 0x85ebca6b and 0xc2b2ae35 (shifts 16, 13, 16) are murmur3's fmix32 constants.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The member that should own `shard`: the one with the highest weight
 * (rendezvous hashing). Every process computes the same answer from the
 * same member list, and removing a member moves only the shards it had.
 * Ties (one in four billion) go to the smaller node id, so the order of
 * `members` never matters. Undefined when there are no members.
 */
export function desiredOwner(shard: number, members: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const member of members) {
    const w = weightOf(member, shard);
    if (w > bestWeight || (w === bestWeight && best !== undefined && member < best)) {
      best = member;
      bestWeight = w;
    }
  }
  return best;
}
