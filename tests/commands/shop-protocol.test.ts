import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENERGY_REFILLS } from '../../src/content/energy-refills.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * The shop through the real protocol: a real server on a
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
