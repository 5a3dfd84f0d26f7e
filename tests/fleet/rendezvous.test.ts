import { describe, expect, it } from 'vitest';
import { desiredOwner, weightOf } from '../../src/fleet/rendezvous.ts';
import { SHARD_COUNT } from '../../src/kit/shard-of.ts';

const shares = (members: string[]): Map<string, number> => {
  const count = new Map<string, number>(members.map((m) => [m, 0]));
  for (let s = 0; s < SHARD_COUNT; s++) {
    const o = desiredOwner(s, members)!;
    count.set(o, count.get(o)! + 1);
  }
  return count;
};

describe('rendezvous', () => {
  it('gives each of 3 members about a third of the shards', () => {
    for (const members of [
      ['node-a', 'node-b', 'node-c'],
      ['host1:7001', 'host1:7002', 'host2:7001'],
    ]) {
      for (const n of shares(members).values()) {
        // ±3% of the shards around a third: well past chance (σ ≈ 30 shards).
        expect(Math.abs(n / SHARD_COUNT - 1 / 3)).toBeLessThan(0.03);
      }
    }
  });

  it('does not depend on the order of the members', () => {
    for (let s = 0; s < SHARD_COUNT; s += 7)
      expect(desiredOwner(s, ['a', 'b', 'c'])).toBe(desiredOwner(s, ['c', 'a', 'b']));
  });

  it('moves only the removed member’s shards, spread over the others', () => {
    const before = ['a', 'b', 'c', 'd'];
    const after = ['a', 'b', 'd'];
    const moved = new Map<string, number>();
    for (let s = 0; s < SHARD_COUNT; s++) {
      const was = desiredOwner(s, before)!;
      const now = desiredOwner(s, after)!;
      if (was !== 'c') expect(now).toBe(was);
      else moved.set(now, (moved.get(now) ?? 0) + 1);
    }
    // c's quarter goes to the three others about evenly (each well over a fifth of it).
    const total = [...moved.values()].reduce((x, y) => x + y, 0);
    for (const n of moved.values()) expect(n / total).toBeGreaterThan(0.2);
  });

  it('is stable: the same weight in every process and run', () => {
    // Pinned: a change of hash would move every shard of a running fleet.
    expect(weightOf('node-a', 0)).toBe(321810735);
    expect(weightOf('node-b', 4095)).toBe(3799997018);
    expect(desiredOwner(5, [])).toBeUndefined();
    expect(desiredOwner(5, ['only'])).toBe('only');
  });
});
