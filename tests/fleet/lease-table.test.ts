import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaseTable } from '../../src/fleet/lease-table.ts';
import { SHARD_COUNT } from '../../src/kit/shard-of.ts';
import { MysqlConnections } from '../../src/persistence/mysql-connections.ts';
import { createFleetDatabase } from '../helpers/fleet.ts';
import type { TestDatabase } from '../helpers/mysql.ts';

let db: TestDatabase | undefined;
let conns: MysqlConnections;
let table: LeaseTable;

beforeAll(async () => {
  db = await createFleetDatabase();
  if (!db) return;
  conns = new MysqlConnections({ url: db.url });
  table = new LeaseTable(conns);
  await table.seed();
});

afterAll(async () => {
  if (!db) return;
  await conns.close();
  await db.drop();
});

/** The fenced commit's check-and-bump (built in persistence): 1 row when the lease is still the committer's. */
const fence = async (owner: string, shard: number, epoch: number): Promise<number> =>
  conns.with(async (c) => {
    const [r] = await c.query(
      'UPDATE shard_leases SET fence = fence + 1 WHERE owner = ? AND expires_at > UTC_TIMESTAMP(3) AND (shard, epoch) IN ((?, ?))',
      [owner, shard, epoch],
    );
    return (r as { affectedRows: number }).affectedRows;
  });

describe('lease table', () => {
  it('seeds one free row per shard, and seeding again changes nothing', async (ctx) => {
    if (!db) ctx.skip();
    await table.acquire('a', [0], 60_000);
    await table.seed();
    const rows = await table.readAll();
    expect(rows).toHaveLength(SHARD_COUNT);
    expect(rows[0]!.owner).toBe('a');
    expect(rows.slice(1).every((r) => r.owner === null && r.remainingMs <= 0)).toBe(true);
    await table.release('a', [0]);
  });

  it('acquire bumps the epoch, renewal keeps it, a takeover after expiry bumps it again', async (ctx) => {
    if (!db) ctx.skip();
    const [first] = await table.acquire('a', [10], 60_000);
    expect(first).toEqual({ shard: 10, epoch: expect.any(Number) });
    // Held by a: b gets nothing, and a renewing keeps the epoch.
    expect(await table.acquire('b', [10], 60_000)).toEqual([]);
    expect(await table.renewAll('a', [first!], 60_000)).toEqual(new Set([10]));
    const [again] = await table.acquire('a', [10], 60_000);
    expect(again!.epoch).toBe(first!.epoch);
    expect(await fence('a', 10, first!.epoch)).toBe(1);
    // Expire it on the database's clock (a ttl of 1 µs, renewed by a).
    await table.renewAll('a', [first!], 0.001);
    const [taken] = await table.acquire('b', [10], 60_000);
    expect(taken!.epoch).toBe(first!.epoch + 1);
    // The old owner can neither renew nor commit any more.
    expect(await table.renewAll('a', [first!], 60_000)).toEqual(new Set());
    expect(await fence('a', 10, first!.epoch)).toBe(0);
    expect(await fence('b', 10, taken!.epoch)).toBe(1);
  });

  it('renewAll reports only the leases still held, in one statement for all', async (ctx) => {
    if (!db) ctx.skip();
    const held = await table.acquire('c', [20, 21, 22], 60_000);
    expect(held.map((h) => h.shard)).toEqual([20, 21, 22]);
    // Shard 21 was released behind c's back (as if taken over and freed).
    await table.release('c', [21]);
    const kept = await table.renewAll('c', held, 60_000);
    expect(kept).toEqual(new Set([20, 22]));
    // A stale epoch does not renew either.
    expect(await table.renewAll('c', [{ shard: 20, epoch: held[0]!.epoch - 1 }], 60_000)).toEqual(
      new Set(),
    );
  });

  it('release frees the rows at once for anyone, with a new epoch', async (ctx) => {
    if (!db) ctx.skip();
    const [a] = await table.acquire('d', [30], 60_000);
    await table.release('d', [30]);
    const row = (await table.readAll())[30]!;
    expect(row.owner).toBeNull();
    const [e] = await table.acquire('e', [30], 60_000);
    expect(e!.epoch).toBe(a!.epoch + 1);
  });
});
