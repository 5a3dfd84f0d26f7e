import mysql from 'mysql2/promise';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/kit/shard-of.ts';
import { FencedOutError, type LeaseClaim } from '../../src/persistence/fence.ts';
import { MysqlRepository } from '../../src/persistence/mysql-repository.ts';
import {
  createLeaseDatabase,
  idsInDistinctShards,
  type LeaseDatabase,
  lockWaits,
  TAKEOVER,
} from '../helpers/leases.ts';
import { record } from '../helpers/repositories.ts';

/**
 * The fence check of fleet writes, on the real MariaDB: a write stands on
 * (owner, epoch) leases of its players' shards, checked and bumped first in
 * its own transaction; a lease that is gone refuses the whole write.
 */

const ME = 'node-a';
let leases: LeaseDatabase | undefined;
let repo: MysqlRepository;
const [ann, bob] = idsInDistinctShards('fence-', 2) as [string, string];
const annShard = shardOf(ann);
const bobShard = shardOf(bob);

beforeEach(async (ctx) => {
  leases = await createLeaseDatabase();
  if (!leases) ctx.skip();
  repo = new MysqlRepository({ url: leases!.db.url });
  // Connected before a test starts: a pool connection opened while a test
  // polls the lock waits was seen stuck in its handshake.
  await repo.ping();
  await leases!.grant(annShard, ME, 1);
  await leases!.grant(bobShard, ME, 1);
});
afterEach(async () => {
  await repo?.close();
  await leases?.close();
});

const claimOf = (epochs: Record<number, number>): LeaseClaim => {
  const shards = Object.keys(epochs)
    .map(Number)
    .sort((a, b) => a - b);
  return { owner: ME, shards, epochs: shards.map((s) => epochs[s]!) };
};
const both = () => claimOf({ [annShard]: 1, [bobShard]: 1 });

describe('a fenced save', () => {
  it('writes its rows and bumps the fence of each shard when the leases hold', async () => {
    const written = await repo.saveBatch([record(ann, 1, 'a1'), record(bob, 1, 'b1')], both());
    expect(written).toBe(2);
    expect(await leases!.versionOf(ann)).toBe(1);
    expect(await leases!.fenceOf(annShard)).toBe(1);
    expect(await leases!.fenceOf(bobShard)).toBe(1);
  });

  it('is refused as a whole after a takeover: nothing written, no fence bumped', async () => {
    await repo.saveBatch([record(ann, 1, 'a1'), record(bob, 1, 'b1')], both());
    await leases!.takeover(bobShard, 'node-b');
    const refused = repo.saveBatch([record(ann, 2, 'a2'), record(bob, 2, 'b2')], both());
    await expect(refused).rejects.toThrow(FencedOutError);
    await expect(refused).rejects.toMatchObject({ shards: [bobShard] });
    // Ann's shard is still held, yet her row of the batch was not written either.
    expect(await leases!.versionOf(ann)).toBe(1);
    expect(await leases!.versionOf(bob)).toBe(1);
    expect(await leases!.fenceOf(annShard)).toBe(1);
    expect(await leases!.fenceOf(bobShard)).toBe(1);
  });

  it('is refused when the lease expired on the database clock', async () => {
    await leases!.expire(annShard);
    await expect(
      repo.saveBatch([record(ann, 1, 'a1')], claimOf({ [annShard]: 1 })),
    ).rejects.toMatchObject({ name: 'FencedOutError', shards: [annShard] });
    expect(await leases!.versionOf(ann)).toBeUndefined();
  });

  it('is refused for another owner of the same epoch', async () => {
    const stranger = { ...claimOf({ [annShard]: 1 }), owner: 'node-z' };
    await expect(repo.saveBatch([record(ann, 1, 'a1')], stranger)).rejects.toThrow(FencedOutError);
    expect(await leases!.versionOf(ann)).toBeUndefined();
  });

  it('fences chat lines the same way', async () => {
    await leases!.takeover(annShard, 'node-b');
    const line = { npcId: 0, fromNpc: false, text: 'hi', at: 1 };
    await expect(
      repo.appendChatBatch([{ playerId: ann, line }], claimOf({ [annShard]: 1 })),
    ).rejects.toThrow(FencedOutError);
    expect(await repo.chatPage(ann, 0, 10)).toEqual([]);
  });
});

describe('a takeover against a fenced commit', () => {
  it('waits for a commit that holds the lease row, and the old owner cannot write after it', async () => {
    await repo.saveBatch([record(ann, 1, 'a1')], claimOf({ [annShard]: 1 }));
    const db = leases!.db;
    // A third connection holds ann's row: the fenced save takes the lease
    // row lock (its first statement), then waits here, mid-transaction.
    const holder = await mysql.createConnection({ uri: db.url });
    const taker = await mysql.createConnection({ uri: db.url });
    try {
      await holder.beginTransaction();
      await holder.query('SELECT id FROM players WHERE id = ? FOR UPDATE', [ann]);
      const order: string[] = [];
      const save = repo
        .saveBatch([record(ann, 2, 'a2')], claimOf({ [annShard]: 1 }))
        .then((n) => order.push('save') && n);
      await lockWaits(leases!.admin, db.name, 1);
      const takeover = taker
        .query(TAKEOVER, ['node-b', annShard])
        .then(() => order.push('takeover'));
      await lockWaits(leases!.admin, db.name, 2);
      await holder.commit();
      await Promise.all([save, takeover]);
      // The takeover was ordered after the whole commit.
      expect(order).toEqual(['save', 'takeover']);
      expect(await leases!.versionOf(ann)).toBe(2);
      // From now on the old owner's epoch writes nothing.
      await expect(
        repo.saveBatch([record(ann, 3, 'a3')], claimOf({ [annShard]: 1 })),
      ).rejects.toThrow(FencedOutError);
      expect(await leases!.versionOf(ann)).toBe(2);
    } finally {
      await holder.end();
      await taker.end();
    }
  });

  it('makes a commit that waits behind it refused once it commits', async () => {
    const db = leases!.db;
    const taker = await mysql.createConnection({ uri: db.url });
    try {
      await taker.beginTransaction();
      await taker.query(TAKEOVER, ['node-b', annShard]);
      const save = repo.saveBatch([record(ann, 1, 'a1')], claimOf({ [annShard]: 1 }));
      // Keep the rejection observed while the save waits on the lease row.
      const settled = save.then(
        () => 'saved',
        (e: unknown) => e,
      );
      await lockWaits(leases!.admin, db.name, 1);
      await taker.commit();
      const outcome = await settled;
      expect(outcome).toBeInstanceOf(FencedOutError);
      expect((outcome as FencedOutError).shards).toEqual([annShard]);
      expect(await leases!.versionOf(ann)).toBeUndefined();
    } finally {
      await taker.end();
    }
  });
});

describe('a fenced purchase', () => {
  it('is refused after a takeover: no state, ledger row or store transaction written', async () => {
    await leases!.takeover(annShard, 'node-b');
    const purchase = {
      purchaseId: 'p-1',
      playerId: ann,
      item: 'item:car',
      amount: 100,
      currency: 'money',
      at: 5,
    };
    const store = { platform: 'dev', transactionId: 'tx-1', productId: 'diamonds_100' };
    await expect(
      repo.savePurchase(record(ann, 1, 'a1'), purchase, store, claimOf({ [annShard]: 1 })),
    ).rejects.toThrow(FencedOutError);
    expect(await leases!.versionOf(ann)).toBeUndefined();
    expect(await repo.purchasePage(ann, 0, 10)).toEqual([]);
    const [tx] = await leases!.admin.query<mysql.RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM store_transactions',
    );
    expect(Number(tx[0]!.n)).toBe(0);
  });
});
