import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(await r().migrate()).toBe(1);
    expect(await r().migrate()).toBe(1);
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

  maybe('records a purchase exactly once per purchase id', async () => {
    const p = { purchaseId: 'order-1', playerId: 'eve', item: 'energy.small', amount: 100, at: 1 };
    expect(await r().recordPurchase(p)).toBe(true);
    expect(await r().recordPurchase(p)).toBe(false);
    expect(await r().recordPurchase({ ...p, purchaseId: 'order-2' })).toBe(true);
  });

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
