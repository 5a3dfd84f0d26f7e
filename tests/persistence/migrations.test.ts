import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/persistence/migrations.ts';
import { MysqlRepository } from '../../src/persistence/mysql-repository.ts';
import type { PlayerRepository } from '../../src/persistence/repository.ts';
import { SqliteRepository } from '../../src/persistence/sqlite-repository.ts';
import { createTestDatabase } from '../helpers/mysql.ts';

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
    expect(await repo.purchasePage('ivy', 0, 10)).toEqual([
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
      expect(await repo.purchasePage('ivy', 0, 10)).toEqual([
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

describe('migration 4 on a database with long chat histories', () => {
  // What was written before lines were pruned as they came: pair (a, 1) far
  // past the bound, (a, 2) under it, (b, 1) just past it.
  const seedLines: [string, number, number][] = [
    ['a', 1, 150],
    ['a', 2, 20],
    ['b', 1, 101],
  ];
  const expectPruned = async (repo: PlayerRepository) => {
    const a1 = await repo.chatHistory('a', 1, 1000);
    expect(a1).toHaveLength(100);
    expect(a1[0]!.text).toBe('a/1 #50');
    expect(a1.at(-1)!.text).toBe('a/1 #149');
    expect(await repo.chatHistory('a', 2, 1000)).toHaveLength(20);
    expect((await repo.chatHistory('b', 1, 1000))[0]!.text).toBe('b/1 #1');
    expect(await repo.spendOn(1)).toEqual([]);
  };

  it('sqlite: prunes every pair to the newest 100 lines and adds the spend table', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'lifetick-mig4-'));
    const file = path.join(d, 'v2.db');
    const db = new Database(file);
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 2)) {
      for (const sql of m.sqlite) db.exec(sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    const insert = db.prepare(
      'INSERT INTO chat_messages (player_id, npc_id, from_npc, text, at) VALUES (?, ?, 0, ?, ?)',
    );
    for (const [player, npc, n] of seedLines)
      for (let i = 0; i < n; i++) insert.run(player, npc, `${player}/${npc} #${i}`, i);
    db.close();
    const repo = new SqliteRepository(file);
    try {
      await expectPruned(repo);
    } finally {
      await repo.close();
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('mysql: prunes every pair to the newest 100 lines and adds the spend table', async (ctx) => {
    const db = await createTestDatabase();
    if (!db) ctx.skip();
    const c = await mysql.createConnection({ uri: db!.url });
    try {
      await c.query(
        'CREATE TABLE schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(128) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB',
      );
      for (const m of MIGRATIONS.filter((m) => m.version <= 2)) {
        for (const sql of m.mysql) await c.query(sql);
        await c.query('INSERT INTO schema_migrations VALUES (?, ?, 0)', [m.version, m.name]);
      }
      for (const [player, npc, n] of seedLines)
        await c.query(
          'INSERT INTO chat_messages (player_id, npc_id, from_npc, text, at) VALUES ?',
          [Array.from({ length: n }, (_, i) => [player, npc, 0, `${player}/${npc} #${i}`, i])],
        );
      const repo = new MysqlRepository({ url: db!.url });
      try {
        expect(await repo.migrate()).toBe(SCHEMA_VERSION);
        await expectPruned(repo);
      } finally {
        await repo.close();
      }
    } finally {
      await c.end();
      await db!.drop();
    }
  });
});
