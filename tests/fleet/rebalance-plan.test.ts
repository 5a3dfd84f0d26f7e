import { describe, expect, it } from 'vitest';
import type { LeaseRow } from '../../src/fleet/lease-table.ts';
import { shardsToAcquire, shardsToRelease } from '../../src/fleet/rebalance-plan.ts';
import { desiredOwner } from '../../src/fleet/rendezvous.ts';

const free = (shard: number): LeaseRow => ({ shard, owner: null, epoch: 1, remainingMs: -5 });
const heldBy = (shard: number, owner: string, remainingMs = 1000): LeaseRow => ({
  shard,
  owner,
  epoch: 1,
  remainingMs,
});
const rows = (n: number, make: (s: number) => LeaseRow): LeaseRow[] =>
  Array.from({ length: n }, (_, s) => make(s));

const base = {
  self: 'a',
  live: ['a', 'b'],
  held: new Set<number>(),
  skip: new Set<number>(),
  freeSince: new Map<number, number>(),
  now: 10_000,
  graceMs: 1500,
};

describe('rebalance plan', () => {
  it('takes the free shards desired here, not those desired by another live member', () => {
    const got = shardsToAcquire({ ...base, rows: rows(64, free) });
    expect(got.length).toBeGreaterThan(0);
    for (let s = 0; s < 64; s++) expect(got.includes(s)).toBe(desiredOwner(s, ['a', 'b']) === 'a');
  });

  it('takes expired leases like free ones, never live leases of others', () => {
    const expired = shardsToAcquire({
      ...base,
      live: ['a'],
      rows: rows(16, (s) => heldBy(s, 'b', 0)),
    });
    expect(expired).toHaveLength(16);
    const live = shardsToAcquire({ ...base, live: ['a'], rows: rows(16, (s) => heldBy(s, 'b')) });
    expect(live).toEqual([]);
  });

  it('takes the shards of a dead member: the rendezvous among the living', () => {
    // b is not live: every free shard is desired here.
    expect(shardsToAcquire({ ...base, live: ['a'], rows: rows(32, free) })).toHaveLength(32);
  });

  it('takes any shard left free past the grace, and skips held and skipped ones', () => {
    const freeSince = new Map(Array.from({ length: 32 }, (_, s) => [s, base.now - 2000]));
    const got = shardsToAcquire({
      ...base,
      rows: rows(32, free),
      freeSince,
      held: new Set([0]),
      skip: new Set([1]),
    });
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
  });

  it('names at most `limit` held shards desired by another member, lowest first', () => {
    const held = Array.from({ length: 200 }, (_, s) => s);
    const named = shardsToRelease('a', held, ['a', 'b'], 8);
    expect(named).toHaveLength(8);
    expect(named).toEqual([...named].sort((x, y) => x - y));
    for (const s of named) expect(desiredOwner(s, ['a', 'b'])).toBe('b');
    expect(shardsToRelease('a', held, ['a'], 8)).toEqual([]);
  });
});
