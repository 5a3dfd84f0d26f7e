import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/ops/log.ts';
import { MIGRATIONS } from '../../src/persistence/migrations.ts';
import { DEFAULT_SQLITE_FILE } from '../../src/persistence/open-repository.ts';
import { PlayerStore } from '../../src/persistence/player-store.ts';
import {
  copySlotToRow,
  encodeCold,
  encodeHot,
  ROW_STRIDE,
} from '../../src/persistence/row-codec.ts';
import { WriteBehindWriter } from '../../src/persistence/writer.ts';

/**
 * Hot rows through the real persistence worker and a real SQLite file: the
 * writer's raw rows load back as the columns held them, MessagePack rows of
 * a database made before migration 5 still load, and a save sends a
 * player's cold state only when it changed.
 */

const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-hot-'));
  dirs.push(dir);
  return dir;
}

async function openStore(dataDir: string): Promise<PlayerStore> {
  const store = await PlayerStore.open({ databaseUrl: undefined, dataDir });
  closers.push(() => store.close());
  return store;
}

function engineWith(players: number): { engine: Engine; slots: number[] } {
  const engine = new Engine({ capacity: 64, workers: 1, tickHz: 20 });
  closers.push(() => engine.close());
  const slots = Array.from({ length: players }, (_, i) =>
    engine.world.resolve(engine.spawn({ seed: 7, player: i, ageYears: 10 + i })),
  );
  return { engine, slots };
}

describe('hot rows in SQLite', () => {
  it('load a MessagePack row saved before migration 5, after migrating to it', async () => {
    const dataDir = tempDir();
    const { engine, slots } = engineWith(1);
    const row = new Float64Array(ROW_STRIDE);
    copySlotToRow(engine.world.columns, slots[0]!, row, 0);
    // A database as migrations 1-4 left it, with one player in it.
    const db = new Database(path.join(dataDir, DEFAULT_SQLITE_FILE));
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    for (const m of MIGRATIONS.filter((m) => m.version <= 4)) {
      for (const sql of m.sqlite) db.exec(sql);
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    db.prepare(
      'INSERT INTO players (id, version, updated_at, hot, cold) VALUES (?, ?, ?, ?, ?)',
    ).run('olga', 3, 1000, encodeHot(row, 0), encodeCold({ ledger: [1, 2] }));
    db.close();

    const store = await openStore(dataDir);
    const loaded = await store.load('olga');
    expect(loaded?.version).toBe(3);
    expect(loaded?.row).toEqual(row);
    expect(loaded?.cold).toEqual({ ledger: [1, 2] });
  });

  it('save raw rows that load back as the columns held them, and cold state only when it changed', async () => {
    const store = await openStore(tempDir());
    const { engine, slots } = engineWith(5);
    const colds = slots.map((_, i) => encodeCold({ n: i }));
    const coldsSent: number[] = [];
    const save = store.save.bind(store);
    store.save = (ids, versions, updatedAt, blocks, coldAt, sent) => {
      coldsSent.push(coldAt.length);
      return save(ids, versions, updatedAt, blocks, coldAt, sent);
    };
    const writer = new WriteBehindWriter({
      source: engine.world,
      store,
      logger: createLogger('silent'),
      flushMs: 1000,
      cold: (slot) => colds[slots.indexOf(slot)]!,
    });
    slots.forEach((slot, i) => {
      writer.track(slot, `p${i}`, 0);
      writer.noteChange(slot);
    });
    await writer.flushAll();

    // Only the hot state moves: no cold state goes with the next save.
    const c = engine.world.columns;
    slots.forEach((slot, i) => {
      c.money[slot] = 1000 + i;
      writer.noteChange(slot);
    });
    await writer.flushAll();
    // One player's cold state changes (a new object, as server/cold-states.ts makes).
    colds[2] = encodeCold({ n: 2, bought: 'car' });
    for (const slot of slots) writer.noteChange(slot);
    await writer.flushAll();
    expect(coldsSent).toEqual([5, 0, 1]);

    const row = new Float64Array(ROW_STRIDE);
    for (let i = 0; i < slots.length; i++) {
      const loaded = await store.load(`p${i}`);
      copySlotToRow(c, slots[i]!, row, 0);
      expect(loaded?.version).toBe(3);
      expect(loaded?.row).toEqual(row);
      expect(loaded?.cold).toEqual(i === 2 ? { n: 2, bought: 'car' } : { n: i });
    }
  });
});
