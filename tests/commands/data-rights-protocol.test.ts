import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAT_PAGE, EXPORT_COOLDOWN_MS, PURCHASE_PAGE } from '../../src/commands/export.ts';
import { CHAT_LINES_KEPT_PER_NPC, type ChatLine } from '../../src/persistence/repository.ts';
import { SqliteRepository } from '../../src/persistence/sqlite-repository.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Data rights through the real protocol: a real server on a real socket,
 * saving to SQLite in a temp data dir, closed and started again on the same
 * dir the way a deploy restarts it.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-rights-'));
  dirs.push(dir);
  return dir;
}

async function connect(
  ts: TestServer,
  playerId: string,
): Promise<{ client: RawClient; welcome: Frame }> {
  const client = await RawClient.open(ts.url);
  const welcome = await client.hello(await ts.token(playerId));
  expect(welcome.t).toBe('welcome');
  return { client, welcome };
}

let nextId = 1;
/** Send a command; resolve with its ack's result, or fail with the error frame. */
async function call(
  client: RawClient,
  name: string,
  args: unknown = {},
): Promise<Record<string, unknown>> {
  const reply = await client.command(nextId++, name, args);
  if (reply.t !== 'ack') throw new Error(`${name}: ${String(reply.code)} ${String(reply.message)}`);
  return reply.result as Record<string, unknown>;
}

async function refusal(client: RawClient, name: string, args: unknown = {}): Promise<string> {
  const reply = await client.command(nextId++, name, args);
  expect(reply.t).toBe('error');
  return reply.code as string;
}

const state = async (client: RawClient) =>
  (await call(client, 'getState')) as Record<string, unknown> & { diamonds: number };

describe('data rights through the protocol', () => {
  it('exportData has every chat line once (saved or still buffered), the cold state and purchases', async () => {
    const ts = await startTestServer({ LIFETICK_DATA_DIR: tempDir() });
    const { client, welcome } = await connect(ts, 'exporter');
    const npcs = (welcome.state as { npcs: { id: number }[] }).npcs;
    expect(npcs.length).toBeGreaterThan(0);
    const npcId = npcs[0]!.id;
    await call(client, 'talk', { npcId, text: 'hello there' });
    await client.next((f) => f.t === 'chat');
    await call(client, 'talk', { npcId, text: 'and again' });
    // Exported at once: the second line may well still be in the chat log's buffer.
    const exported = await call(client, 'exportData');
    const chat = exported.chat as { npcId: number; from: string; text: string }[];
    const mine = chat.filter((l) => l.from === 'player').map((l) => l.text);
    expect(mine).toEqual(['hello there', 'and again']);
    expect(chat.filter((l) => l.from === 'npc').length).toBeGreaterThanOrEqual(1);
    expect(chat.every((l) => l.npcId === npcId)).toBe(true);
    expect(exported.playerId).toBe('exporter');
    expect((exported.state as { playerId: string }).playerId).toBe('exporter');
    expect(exported.cold).toMatchObject({ deletion: null });
    expect(exported.ledger).toEqual([]);
    expect(exported.next).toBeNull();
    expect(exported.purchases).toEqual([]);
    client.close();
    await ts.close();
  });

  it('deleteAccount and cancelDeletion are kept across a restart', async () => {
    const dir = tempDir();
    let ts = await startTestServer({ LIFETICK_DATA_DIR: dir });
    let { client } = await connect(ts, 'leaver');
    const requested = await call(client, 'deleteAccount');
    expect((requested.purgeAfter as number) - (requested.requestedAt as number)).toBe(
      30 * 86_400_000,
    );
    expect((await state(client)).deletion).toEqual(requested);
    expect(await refusal(client, 'deleteAccount')).toBe('CONFLICT');
    client.close();
    await ts.close();

    ts = await startTestServer({ LIFETICK_DATA_DIR: dir });
    let welcome: Frame;
    ({ client, welcome } = await connect(ts, 'leaver'));
    expect((welcome.state as { deletion: unknown }).deletion).toEqual(requested);
    expect(await call(client, 'cancelDeletion')).toEqual({ cancelled: true });
    expect(await refusal(client, 'cancelDeletion')).toBe('CONFLICT');
    client.close();
    await ts.close();

    ts = await startTestServer({ LIFETICK_DATA_DIR: dir });
    ({ client, welcome } = await connect(ts, 'leaver'));
    expect((welcome.state as { deletion: unknown }).deletion).toBeNull();
    client.close();
    await ts.close();
  });
});

describe('a long history through the protocol', () => {
  it('exports every kept chat line and purchase in pages, then refuses another export for an hour', async () => {
    // The longest history the database keeps (every NPC's lines to the
    // bound) and a long purchases log, written before the server starts.
    const dir = tempDir();
    const repo = new SqliteRepository(path.join(dir, 'lifetick.db'));
    const lines: ChatLine[] = [];
    for (let npcId = 0; npcId < 8; npcId++)
      for (let i = 0; i < CHAT_LINES_KEPT_PER_NPC; i++)
        lines.push({
          npcId,
          fromNpc: i % 2 === 1,
          text: `npc ${npcId} line ${i} ${'·'.repeat(400)}`,
          at: i,
        });
    await repo.appendChatBatch(lines.map((line) => ({ playerId: 'historian', line })));
    const bought = 2 * PURCHASE_PAGE + 5;
    for (let i = 0; i < bought; i++)
      await repo.recordPurchase({
        purchaseId: `order-${String(i).padStart(4, '0')}`,
        playerId: 'historian',
        item: 'item:book',
        amount: 15,
        currency: 'money',
        at: i,
      });
    await repo.close();

    const ts = await startTestServer({ LIFETICK_DATA_DIR: dir });
    try {
      const { client } = await connect(ts, 'historian');
      const pages = [await call(client, 'exportData')];
      while (pages.at(-1)!.next !== null)
        pages.push(await call(client, 'exportData', { cursor: pages.at(-1)!.next }));
      expect(pages).toHaveLength(Math.ceil(lines.length / CHAT_PAGE));
      const chat = pages.flatMap((p) => p.chat as { npcId: number; text: string }[]);
      expect(chat.map((l) => l.text)).toEqual(lines.map((l) => l.text));
      const purchases = pages.flatMap((p) => p.purchases as { purchaseId: string }[]);
      expect(purchases).toHaveLength(bought);
      expect(new Set(purchases.map((p) => p.purchaseId)).size).toBe(bought);
      expect(pages[0]!.state).toBeDefined();
      expect(pages[1]!.state).toBeUndefined();

      // Again at once: refused, saying when it may start.
      const again = await client.command(nextId++, 'exportData', {});
      expect(again).toMatchObject({ t: 'error', code: 'RATE_LIMITED' });
      expect(again.retryAfterMs).toBeGreaterThan(EXPORT_COOLDOWN_MS - 60_000);
      expect(again.retryAfterMs).toBeLessThanOrEqual(EXPORT_COOLDOWN_MS);
      // Still an hour after a restart: the cooldown is saved with the player.
      client.close();
    } finally {
      await ts.close();
    }
    const restarted = await startTestServer({ LIFETICK_DATA_DIR: dir });
    try {
      const { client } = await connect(restarted, 'historian');
      expect(await refusal(client, 'exportData')).toBe('RATE_LIMITED');
      client.close();
    } finally {
      await restarted.close();
    }
  });
});
