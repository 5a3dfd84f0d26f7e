import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ENERGY_REFILLS } from '../../src/content/energy-refills.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import {
  type ChildServer,
  killAllServers,
  killHard,
  spawnServer,
} from '../helpers/child-server.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/mysql.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer } from '../helpers/server.ts';

/**
 * Money is durable before it is acknowledged, on a real server process:
 * the write-behind flush is set to its longest (10 minutes) so that nothing
 * but a purchase's own save can have put it in the database, then the
 * process is SIGKILLed the moment the ack arrives and started again on the
 * same database. On SQLite (a data dir) and on the local MariaDB.
 */

interface Backend {
  readonly name: string;
  /** Settings of a server on a fresh database; undefined when the backend is not here. */
  open(): Promise<Record<string, string> | undefined>;
}

const dirs: string[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  await killAllServers();
});
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-money-'));
  dirs.push(dir);
  return dir;
}

const backends: Backend[] = [
  { name: 'sqlite', open: async () => ({ LIFETICK_DATA_DIR: tempDir() }) },
  {
    name: 'mysql',
    async open() {
      const db = await createTestDatabase();
      if (!db) return undefined;
      databases.push(db);
      return { LIFETICK_DATA_DIR: tempDir(), LIFETICK_DATABASE_URL: db.url };
    },
  },
];

/** The longest flush interval config allows: no write-behind save happens during a test. */
const NO_FLUSH = '600000';

let nextId = 1;

/** A connected player on a child server. */
async function connect(server: ChildServer, token: string): Promise<RawClient> {
  const client = await RawClient.open(server.url);
  const welcome = await client.hello(token);
  expect(welcome.t).toBe('welcome');
  return client;
}

async function diamonds(client: RawClient): Promise<number> {
  const reply = await client.command(nextId++, 'getState');
  return (reply.result as { diamonds: number }).diamonds;
}

/** Send a command and SIGKILL the server the moment its answer arrives. */
async function killOnAnswer(
  server: ChildServer,
  client: RawClient,
  name: string,
  args: unknown,
): Promise<Frame> {
  const reply = await client.command(nextId++, name, args).then((frame) => {
    server.child.kill('SIGKILL');
    return frame;
  });
  expect((await server.exited).signal).toBe('SIGKILL');
  return reply;
}

describe.each(backends)('purchases survive a SIGKILL right after their ack ($name)', (backend) => {
  it('in-app diamonds, then an energy refill paid with them', async (ctx) => {
    const base = await backend.open();
    if (!base) ctx.skip();
    const secret = randomBytes(24).toString('base64url');
    const token = await mintPlayerToken('whale', secretKey(secret), 3600);
    const env = { ...base!, LIFETICK_SECRET: secret, LIFETICK_FLUSH_MS: NO_FLUSH };
    const iap = {
      productId: 'diamonds_100',
      platform: 'dev',
      receipt: 'dev:diamonds_100:kill-tx-1',
      purchaseId: 'kill-iap-1',
    };
    const refill = { tier: 'small', purchaseId: 'kill-refill-1' };

    let server = await spawnServer(env);
    let client = await connect(server, token);
    const start = await diamonds(client);
    const bought = await killOnAnswer(server, client, 'purchaseInAppItem', iap);
    expect(bought).toMatchObject({ t: 'ack', result: { diamonds: 100, balance: start + 100 } });
    await client.closed;

    server = await spawnServer(env);
    client = await connect(server, token);
    expect(await diamonds(client)).toBe(start + 100);
    // The client retries (it may not know the ack arrived): the first result, nothing more.
    expect(await client.command(nextId++, 'purchaseInAppItem', iap)).toMatchObject({
      t: 'ack',
      result: bought.result,
    });
    expect(await diamonds(client)).toBe(start + 100);
    const refilled = await killOnAnswer(server, client, 'purchaseEnergyRefill', refill);
    expect(refilled).toMatchObject({ t: 'ack', result: { price: ENERGY_REFILLS.small.diamonds } });
    await client.closed;

    server = await spawnServer(env);
    client = await connect(server, token);
    const paid = start + 100 - ENERGY_REFILLS.small.diamonds;
    expect(await diamonds(client)).toBe(paid);
    expect(await client.command(nextId++, 'purchaseEnergyRefill', refill)).toMatchObject({
      t: 'ack',
      result: refilled.result,
    });
    expect(await diamonds(client)).toBe(paid);
    // Both audit rows were written with their purchases.
    const exported = (await client.command(nextId++, 'exportData')).result as {
      purchases: { purchaseId: string }[];
    };
    expect(exported.purchases.map((p) => p.purchaseId).sort()).toEqual([
      'kill-iap-1',
      'kill-refill-1',
    ]);
    client.close();
    await killHard(server);
  });
});

describe.each(backends)('a store transaction pays once across players ($name)', (backend) => {
  it('is refused (CONFLICT) for a second player, and still after a restart', async (ctx) => {
    const base = await backend.open();
    if (!base) ctx.skip();
    const receipt = {
      productId: 'diamonds_550',
      platform: 'dev',
      receipt: 'dev:diamonds_550:shared-tx',
    };
    let ts = await startTestServer(base!);
    const call = async (player: string, purchaseId: string) => {
      const client = await RawClient.open(ts.url);
      await client.hello(await ts.token(player));
      const before = await diamonds(client);
      const reply = await client.command(nextId++, 'purchaseInAppItem', { ...receipt, purchaseId });
      const after = await diamonds(client);
      client.close();
      return { reply, before, after };
    };
    const first = await call('alice', 'a-1');
    expect(first.reply).toMatchObject({ t: 'ack', result: { diamonds: 550 } });
    expect(first.after).toBe(first.before + 550);
    for (const attempt of [
      await call('bob', 'b-1'),
      await call('bob', 'a-1'),
      await call('alice', 'a-2'),
    ]) {
      expect(attempt.reply).toMatchObject({ t: 'error', code: 'CONFLICT' });
      expect(attempt.after).toBe(attempt.before);
    }
    await ts.close();

    ts = await startTestServer(base!);
    const again = await call('bob', 'b-2');
    expect(again.reply).toMatchObject({ t: 'error', code: 'CONFLICT' });
    expect(again.after).toBe(again.before);
    // The owner's retry still gets the first result.
    const retry = await call('alice', 'a-1');
    expect(retry.reply).toMatchObject({ t: 'ack', result: first.reply.result });
    expect(retry.after).toBe(retry.before);
    await ts.close();
  });
});
