import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/persistence/migrations.ts';
import { MysqlRepository } from '../../src/persistence/mysql-repository.ts';
import type { PlayerRecord, PlayerRepository } from '../../src/persistence/repository.ts';
import { SqliteRepository } from '../../src/persistence/sqlite-repository.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/mysql.ts';

const record = (id: string, version: number, payload: string): PlayerRecord => ({
  id,
  version,
  updatedAt: 1_000 + version,
  hot: new TextEncoder().encode(payload),
  cold: new TextEncoder().encode(`cold-${payload}`),
});
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

interface Backend {
  name: string;
  open(): Promise<PlayerRepository | undefined>;
  cleanup(): Promise<void>;
}

let dir = '';
let database: TestDatabase | undefined;
const backends: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      dir ||= mkdtempSync(path.join(tmpdir(), 'lifetick-repo-'));
      return new SqliteRepository(path.join(dir, `repo-${Math.random()}.db`));
    },
    async cleanup() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  },
  {
    name: 'mysql',
    async open() {
      database ??= await createTestDatabase();
      return database ? new MysqlRepository({ url: database.url }) : undefined;
    },
    async cleanup() {
      await database?.drop();
    },
  },
];

describe.each(backends)('$name repository', (backend) => {
  let repo: PlayerRepository | undefined;
  beforeAll(async () => {
    repo = await backend.open();
    await repo?.migrate();
  });
  afterAll(async () => {
    await repo?.close();
    await backend.cleanup();
  });
  const r = () => {
    if (!repo) throw new Error('unreachable');
    return repo;
  };
  const maybe = (name: string, fn: () => Promise<void>) =>
    it(name, async (ctx) => {
      if (!repo) ctx.skip();
      await fn();
    });

  maybe('migrates idempotently', async () => {
    expect(await r().migrate()).toBe(SCHEMA_VERSION);
    expect(await r().migrate()).toBe(SCHEMA_VERSION);
  });

  maybe('saves and loads a player', async () => {
    expect(await r().load('nobody')).toBeUndefined();
    expect(await r().saveBatch([record('alice', 1, 'a1')])).toBe(1);
    const loaded = await r().load('alice');
    expect(loaded).toMatchObject({ id: 'alice', version: 1, updatedAt: 1001 });
    expect(text(loaded!.hot)).toBe('a1');
    expect(text(loaded!.cold)).toBe('cold-a1');
  });

  maybe(
    'never lets an older or equal version overwrite a newer one (replayed or reordered batches)',
    async () => {
      await r().saveBatch([record('bob', 5, 'b5'), record('carol', 1, 'c1')]);
      // A reordered batch: bob's older state arrives late, carol's newer one with it.
      const written = await r().saveBatch([
        record('bob', 3, 'b3'),
        record('carol', 2, 'c2'),
        record('bob', 5, 'b5-replay'),
      ]);
      expect(written).toBe(1);
      expect(text((await r().load('bob'))!.hot)).toBe('b5');
      expect((await r().load('bob'))!.version).toBe(5);
      expect(text((await r().load('carol'))!.hot)).toBe('c2');
      expect(await r().saveBatch([record('bob', 6, 'b6')])).toBe(1);
      expect(text((await r().load('bob'))!.hot)).toBe('b6');
      expect((await r().load('bob'))!.updatedAt).toBe(1006);
    },
  );

  maybe('writes large batches in one go', async () => {
    const batch = Array.from({ length: 3000 }, (_, i) => record(`bulk-${i}`, 1, `x${i}`));
    expect(await r().saveBatch(batch)).toBe(3000);
    expect(text((await r().load('bulk-2999'))!.hot)).toBe('x2999');
    const next = batch.map((b) => ({
      ...b,
      version: 2,
      hot: new TextEncoder().encode(`y-${b.id}`),
    }));
    expect(await r().saveBatch(next)).toBe(3000);
    expect(text((await r().load('bulk-7'))!.hot)).toBe('y-bulk-7');
  });

  maybe('keeps chat history per player and NPC', async () => {
    for (let i = 0; i < 5; i++)
      await r().appendChat('dan', { npcId: 1, fromNpc: i % 2 === 1, text: `line ${i}`, at: i });
    await r().appendChat('dan', { npcId: 2, fromNpc: false, text: 'other', at: 9 });
    const last3 = await r().chatHistory('dan', 1, 3);
    expect(last3.map((l) => l.text)).toEqual(['line 2', 'line 3', 'line 4']);
    expect(last3[1]).toMatchObject({ npcId: 1, fromNpc: true });
  });

  maybe('appends many chat lines in one go', async () => {
    await r().appendChatBatch(
      Array.from({ length: 30 }, (_, i) => ({
        playerId: 'gus',
        line: { npcId: i % 2, fromNpc: i % 3 === 0, text: `batch ${i}`, at: i },
      })),
    );
    const npc1 = await r().chatHistory('gus', 1, 50);
    expect(npc1).toHaveLength(15);
    expect(npc1.at(-1)!.text).toBe('batch 29');
  });

  maybe('records a purchase exactly once per player and purchase id', async () => {
    const p = {
      purchaseId: 'order-1',
      playerId: 'eve',
      item: 'energy:small',
      amount: 9,
      currency: 'diamonds',
      at: 1,
    };
    expect(await r().recordPurchase(p)).toBe(true);
    expect(await r().recordPurchase(p)).toBe(false);
    expect(await r().recordPurchase({ ...p, amount: 999, at: 5 })).toBe(false);
    expect(await r().recordPurchase({ ...p, purchaseId: 'order-2', at: 2 })).toBe(true);
    // Purchase ids are the client's: another player may pick the same one.
    expect(await r().recordPurchase({ ...p, playerId: 'eve2', item: 'item:car' })).toBe(true);
    expect(await r().purchases('eve')).toEqual([
      { ...p, purchaseId: 'order-1' },
      { ...p, purchaseId: 'order-2', at: 2 },
    ]);
    expect((await r().purchases('eve2')).map((x) => x.item)).toEqual(['item:car']);
    expect(await r().purchases('nobody')).toEqual([]);
  });

  maybe('lists every chat line of a player, oldest first, across NPCs', async () => {
    const lines = Array.from({ length: 7 }, (_, i) => ({
      npcId: i % 3,
      fromNpc: i % 2 === 1,
      text: `all ${i} ✓`,
      at: 100 + i,
    }));
    await r().appendChatBatch(lines.map((line) => ({ playerId: 'hal', line })));
    await r().appendChat('hal-other', { npcId: 0, fromNpc: false, text: 'not hal', at: 1 });
    expect(await r().playerChat('hal')).toEqual(lines);
    expect(await r().playerChat('nobody')).toEqual([]);
  });

  maybe('purges due deletion requests in one go: row, chat, purchases, request', async () => {
    const seed = async (id: string, purgeAfter: number) => {
      await r().saveBatch([record(id, 1, id)]);
      await r().appendChat(id, { npcId: 1, fromNpc: false, text: `hi from ${id}`, at: 1 });
      await r().recordPurchase({
        purchaseId: `p-${id}`,
        playerId: id,
        item: 'item:snack',
        amount: 5,
        currency: 'money',
        at: 1,
      });
      if (purgeAfter >= 0) await r().requestDeletion(id, 0, purgeAfter);
    };
    await seed('gone-b', 1000);
    await seed('gone-a', 1000);
    await seed('gone-c', 900);
    await seed('later', 5000);
    await seed('stays', -1);
    expect(await r().dueDeletions(999, 10)).toEqual(['gone-c']);
    expect(await r().dueDeletions(1000, 10)).toEqual(['gone-c', 'gone-a', 'gone-b']);
    expect(await r().dueDeletions(1000, 2)).toEqual(['gone-c', 'gone-a']);
    // A batch limit takes the soonest first, then the rest.
    expect(await r().purgeDue(1000, 2)).toEqual(['gone-c', 'gone-a']);
    expect(await r().purgeDue(1000, 10)).toEqual(['gone-b']);
    expect(await r().purgeDue(1000, 10)).toEqual([]);
    for (const id of ['gone-a', 'gone-b', 'gone-c']) {
      expect(await r().load(id)).toBeUndefined();
      expect(await r().playerChat(id)).toEqual([]);
      expect(await r().purchases(id)).toEqual([]);
      expect(await r().cancelDeletion(id)).toBe(false);
    }
    for (const id of ['later', 'stays']) {
      expect(text((await r().load(id))!.hot)).toBe(id);
      expect(await r().playerChat(id)).toHaveLength(1);
      expect(await r().purchases(id)).toHaveLength(1);
    }
    expect(await r().dueDeletions(5000, 10)).toEqual(['later']);
    expect(await r().cancelDeletion('later')).toBe(true);
    expect(await r().purgeDue(10_000, 10)).toEqual([]);
    expect(await r().load('later')).toBeDefined();
  });

  maybe(
    'saves a purchase with the row, its audit row and its store transaction, in one go',
    async () => {
      const buy = (playerId: string, purchaseId: string, at = 10) => ({
        purchaseId,
        playerId,
        item: 'inApp:diamonds_100',
        amount: 99,
        currency: 'real',
        at,
      });
      const tx = { platform: 'ios', transactionId: 'Tx-1', productId: 'diamonds_100' };
      expect(await r().savePurchase(record('kim', 1, 'k1'), buy('kim', 'iap-1'), tx)).toEqual({
        kind: 'saved',
      });
      expect(text((await r().load('kim'))!.hot)).toBe('k1');
      expect(await r().purchases('kim')).toEqual([buy('kim', 'iap-1')]);

      // Another player presenting the same transaction: refused, nothing written.
      expect(await r().savePurchase(record('lou', 1, 'l1'), buy('lou', 'iap-9'), tx)).toEqual({
        kind: 'taken',
        playerId: 'kim',
        purchaseId: 'iap-1',
      });
      expect(await r().load('lou')).toBeUndefined();
      expect(await r().purchases('lou')).toEqual([]);
      // The same player under another purchase id: refused too.
      expect(await r().savePurchase(record('kim', 2, 'k2'), buy('kim', 'iap-2'), tx)).toMatchObject(
        {
          kind: 'taken',
        },
      );
      expect(text((await r().load('kim'))!.hot)).toBe('k1');
      // The same purchase again (a retry after a lost answer): saved, the
      // audit row kept as first written.
      expect(await r().savePurchase(record('kim', 3, 'k3'), buy('kim', 'iap-1', 99), tx)).toEqual({
        kind: 'saved',
      });
      expect(text((await r().load('kim'))!.hot)).toBe('k3');
      expect(await r().purchases('kim')).toEqual([buy('kim', 'iap-1')]);
      // Ids are compared exactly: another case, or another platform, is another transaction.
      const others = [
        { ...tx, transactionId: 'tx-1' },
        { ...tx, platform: 'android' },
      ];
      for (const [i, other] of others.entries())
        expect(
          await r().savePurchase(record('lou', 2 + i, 'l'), buy('lou', `other-${i}`), other),
        ).toEqual({ kind: 'saved' });
    },
  );

  maybe('saves a purchase without a store transaction (diamonds and money purchases)', async () => {
    const refill = {
      purchaseId: 'refill-1',
      playerId: 'max',
      item: 'energy:small',
      amount: 10,
      currency: 'diamonds',
      at: 3,
    };
    expect(await r().savePurchase(record('max', 4, 'm4'), refill, undefined)).toEqual({
      kind: 'saved',
    });
    expect((await r().load('max'))!.version).toBe(4);
    expect(await r().purchases('max')).toEqual([refill]);
  });

  maybe(
    'fails a purchase save on a version not newer than the stored one, writing nothing',
    async () => {
      const tx = { platform: 'android', transactionId: 'GPA.1', productId: 'diamonds_100' };
      const buy = {
        purchaseId: 'late',
        playerId: 'ned',
        item: 'inApp:diamonds_100',
        amount: 99,
        currency: 'real',
        at: 1,
      };
      await r().saveBatch([record('ned', 7, 'n7')]);
      await expect(r().savePurchase(record('ned', 7, 'n7-again'), buy, tx)).rejects.toThrow(
        /newer than 7/,
      );
      await expect(r().savePurchase(record('ned', 5, 'n5'), buy, tx)).rejects.toThrow(
        /newer than 5/,
      );
      expect(text((await r().load('ned'))!.hot)).toBe('n7');
      expect(await r().purchases('ned')).toEqual([]);
      // The transaction was not claimed by the failed saves: it is still free.
      expect(await r().savePurchase(record('ned', 8, 'n8'), buy, tx)).toEqual({ kind: 'saved' });
    },
  );

  maybe(
    'keeps store transactions when their player is purged: redeemable once, forever',
    async () => {
      const tx = { platform: 'dev', transactionId: 'forever', productId: 'diamonds_100' };
      const buy = (playerId: string) => ({
        purchaseId: 'iap',
        playerId,
        item: 'inApp:diamonds_100',
        amount: 99,
        currency: 'real',
        at: 1,
      });
      expect(await r().savePurchase(record('oli', 1, 'o1'), buy('oli'), tx)).toEqual({
        kind: 'saved',
      });
      await r().requestDeletion('oli', 0, 1);
      expect(await r().purgeDue(1, 10)).toEqual(['oli']);
      // The row no longer names the player (it was purged), and nobody can
      // redeem the transaction again: not another player, and not a new life
      // under the same player id retrying the same purchase id.
      for (const playerId of ['oli', 'pat'])
        expect(await r().savePurchase(record(playerId, 1, 'new'), buy(playerId), tx)).toEqual({
          kind: 'taken',
          playerId: '',
          purchaseId: '',
        });
      expect(await r().load('oli')).toBeUndefined();
    },
  );

  maybe('records and cancels deletion requests', async () => {
    await r().requestDeletion('fay', 1, 2);
    await r().requestDeletion('fay', 3, 4);
    expect(await r().cancelDeletion('fay')).toBe(true);
    expect(await r().cancelDeletion('fay')).toBe(false);
  });

  maybe('answers ping', async () => {
    await r().ping();
  });
});

describe('migration 2 on a database made by migration 1', () => {
  const v1Purchase = ['order-1', 'ivy', 'energy.small', 100, 7] as const;

  it('sqlite: keeps the purchases, keyed by player and purchase id, currency money', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'lifetick-mig-'));
    const file = path.join(d, 'v1.db');
    const db = new Database(file);
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const sql of MIGRATIONS[0]!.sqlite) db.exec(sql);
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(MIGRATIONS[0]!.name);
    db.prepare(
      'INSERT INTO purchases (purchase_id, player_id, item, amount, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(...v1Purchase);
    db.close();
    const repo = new SqliteRepository(file);
    expect(await repo.purchases('ivy')).toEqual([
      {
        purchaseId: 'order-1',
        playerId: 'ivy',
        item: 'energy.small',
        amount: 100,
        currency: 'money',
        at: 7,
      },
    ]);
    expect(
      await repo.recordPurchase({
        purchaseId: 'order-1',
        playerId: 'jay',
        item: 'item:book',
        amount: 15,
        currency: 'money',
        at: 8,
      }),
    ).toBe(true);
    await repo.close();
    rmSync(d, { recursive: true, force: true });
  });

  it('mysql: keeps the purchases, keyed by player and purchase id, currency money', async (ctx) => {
    const db = await createTestDatabase();
    if (!db) ctx.skip();
    const c = await mysql.createConnection({ uri: db!.url });
    try {
      await c.query(
        'CREATE TABLE schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB',
      );
      for (const sql of MIGRATIONS[0]!.mysql) await c.query(sql);
      await c.query('INSERT INTO schema_migrations VALUES (1, ?, 0)', [MIGRATIONS[0]!.name]);
      await c.query(
        'INSERT INTO purchases (purchase_id, player_id, item, amount, created_at) VALUES (?, ?, ?, ?, ?)',
        [...v1Purchase],
      );
      const repo = new MysqlRepository({ url: db!.url });
      expect(await repo.migrate()).toBe(SCHEMA_VERSION);
      expect(await repo.purchases('ivy')).toEqual([
        {
          purchaseId: 'order-1',
          playerId: 'ivy',
          item: 'energy.small',
          amount: 100,
          currency: 'money',
          at: 7,
        },
      ]);
      expect(
        await repo.recordPurchase({
          purchaseId: 'order-1',
          playerId: 'jay',
          item: 'item:book',
          amount: 15,
          currency: 'money',
          at: 8,
        }),
      ).toBe(true);
      await repo.close();
    } finally {
      await c.end();
      await db!.drop();
    }
  });
});

describe('sqlite file', () => {
  it('refuses a second process (connection) on the same file, and passes integrity_check', () => {
    const d = mkdtempSync(path.join(tmpdir(), 'lifetick-lock-'));
    const file = path.join(d, 'one.db');
    const first = new SqliteRepository(file);
    expect(() => new SqliteRepository(file)).toThrow(/in use by another lifetick process/);
    expect(first.integrityCheck()).toBe('ok');
    void first.close();
    const again = new SqliteRepository(file);
    void again.close();
    rmSync(d, { recursive: true, force: true });
  });
});
