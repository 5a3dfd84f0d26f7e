import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENERGY_REFILLS } from '../../src/content/energy-refills.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * The shop and data rights through the real protocol: a real server on a
 * real socket, saving to SQLite in a temp data dir, closed and started again
 * on the same dir the way a deploy restarts it.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-shop-'));
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

describe('purchases through the protocol', () => {
  it('are applied exactly once, also when retried across a restart of the server', async () => {
    const dir = tempDir();
    const iap = {
      productId: 'diamonds_100',
      platform: 'dev',
      receipt: 'dev:diamonds_100:store-tx-1',
      purchaseId: 'iap-order-1',
    };
    const refill = { tier: 'instant', purchaseId: 'refill-1' };

    let ts = await startTestServer({ LIFETICK_DATA_DIR: dir });
    let { client } = await connect(ts, 'buyer');
    await call(client, 'setSpeed', { level: 0 });
    const diamonds0 = (await state(client)).diamonds;
    const bought = await call(client, 'purchaseInAppItem', iap);
    expect(bought).toMatchObject({ diamonds: 100, balance: diamonds0 + 100 });
    const refilled = await call(client, 'purchaseEnergyRefill', refill);
    expect(refilled.price).toBe(ENERGY_REFILLS.instant.diamonds);
    // A retry on the same connection: the first result, nothing applied.
    expect(await call(client, 'purchaseInAppItem', iap)).toEqual(bought);
    const spent = diamonds0 + 100 - ENERGY_REFILLS.instant.diamonds;
    expect((await state(client)).diamonds).toBe(spent);
    // The same id for something else is refused.
    expect(
      await refusal(client, 'purchaseEnergyRefill', { tier: 'small', purchaseId: iap.purchaseId }),
    ).toBe('CONFLICT');
    client.close();
    await ts.close(); // SIGTERM's path: every player flushed, then stop

    ts = await startTestServer({ LIFETICK_DATA_DIR: dir });
    ({ client } = await connect(ts, 'buyer'));
    expect((await state(client)).diamonds).toBe(spent);
    // The client never saw its acks (say) and sends both again after the restart.
    expect(await call(client, 'purchaseInAppItem', iap)).toEqual(bought);
    expect(await call(client, 'purchaseEnergyRefill', refill)).toEqual(refilled);
    expect((await state(client)).diamonds).toBe(spent);
    // The receipt cannot be redeemed again under a new purchase id either.
    expect(await refusal(client, 'purchaseInAppItem', { ...iap, purchaseId: 'iap-order-2' })).toBe(
      'CONFLICT',
    );
    // The audit log has each purchase once.
    const exported = await call(client, 'exportData');
    expect(exported.purchases).toEqual([
      expect.objectContaining({
        purchaseId: 'iap-order-1',
        item: 'inApp:diamonds_100',
        currency: 'real',
      }),
      expect.objectContaining({
        purchaseId: 'refill-1',
        item: 'energy:instant',
        currency: 'diamonds',
      }),
    ]);
    client.close();
    await ts.close();
  });
});

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
    expect(exported.cold).toMatchObject({ ledger: [], deletion: null });
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
