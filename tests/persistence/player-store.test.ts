import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, describe, expect, it } from 'vitest';
import { PlayerStore } from '../../src/persistence/player-store.ts';
import { RepositoryError } from '../../src/persistence/repository.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/mysql.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const line = (text: string) => ({
  playerId: 'waiter',
  line: { npcId: 0, fromNpc: false, text, at: 1 },
});

describe('PlayerStore against a database that stalls', () => {
  it('never runs later a request whose caller gave up on it', async (ctx) => {
    const db: TestDatabase | undefined = await createTestDatabase();
    if (!db) ctx.skip();
    cleanups.push(() => db!.drop());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lifetick-store-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const store = await PlayerStore.open({
      databaseUrl: db!.url,
      dataDir,
      requestTimeoutMs: 300,
    });
    cleanups.push(() => store.close());
    const admin = await mysql.createConnection({ uri: db!.url });
    cleanups.push(() => admin.end());

    // Another connection holds the chat table: the worker's next write waits for it.
    await admin.query('LOCK TABLES chat_messages WRITE');
    const stuck = store.appendChat([line('in flight when the caller gave up')]);
    const queued = store.appendChat([line('queued behind it, then given up')]);
    await expect(stuck).rejects.toThrow(RepositoryError);
    await expect(queued).rejects.toThrow(/did not answer appendChat within 300 ms/);
    await admin.query('UNLOCK TABLES');

    // The worker runs requests in order: once this one is answered, the
    // given-up one behind the stall has had its turn.
    await store.appendChat([line('after the stall')]);
    const [rows] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT text FROM chat_messages ORDER BY id',
    );
    // The first was already running when its caller gave up (a request in
    // flight cannot be called back); the one still queued was dropped.
    expect(rows.map((r) => r.text)).toEqual([
      'in flight when the caller gave up',
      'after the stall',
    ]);
  });
});
