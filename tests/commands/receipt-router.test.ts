import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptVerifierFor } from '../../src/commands/receipt-router.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { GameError } from '../../src/sim/game-error.ts';
import { type AppleChain, appleChain } from '../helpers/apple-chain.ts';
import { FakeGooglePlay } from '../helpers/fake-google-play.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * Which receipts a server takes, as its configuration says: the stores it
 * is set up for, and the development receipts only in development. Then a
 * real production server on a real socket, set up with both stores (their
 * local stand-ins), selling through each and refusing `dev:` receipts.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-stores-'));
const play = new FakeGooglePlay();
let chain: AppleChain;
let rootFile = '';
let keyFile = '';
beforeAll(async () => {
  chain = await appleChain();
  rootFile = path.join(dir, 'apple-root.cer');
  writeFileSync(rootFile, chain.rootDer);
  await play.start();
  keyFile = play.writeKeyFile(dir);
});
afterAll(async () => {
  await play.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The settings of both stores, pointed at the stand-ins. */
const stores = (): Record<string, string> => ({
  LIFETICK_APPLE_ROOT_CERTS: rootFile,
  LIFETICK_APPLE_BUNDLE_ID: 'com.example.life',
  LIFETICK_APPLE_ENVIRONMENT: 'sandbox',
  LIFETICK_APPLE_ONLINE_CHECKS: 'off',
  LIFETICK_GOOGLE_SERVICE_ACCOUNT: keyFile,
  LIFETICK_GOOGLE_PACKAGE_NAME: play.packageName,
  LIFETICK_GOOGLE_API_URL: play.apiUrl,
  LIFETICK_GOOGLE_TOKEN_URL: play.tokenUrl,
});

describe('the receipts a configuration takes', () => {
  it('development: the development receipts, and the stores configured', () => {
    expect(receiptVerifierFor(loadConfig({})).platforms).toEqual(['dev']);
    expect(receiptVerifierFor(loadConfig(stores())).platforms).toEqual(['android', 'dev', 'ios']);
  });

  it('production: the stores configured, never the development receipts', async () => {
    const router = receiptVerifierFor(loadConfig({ ...stores(), LIFETICK_ENV: 'production' }));
    expect(router.platforms).toEqual(['android', 'ios']);
    const refused = await router
      .verify({ platform: 'dev', productId: 'diamonds_100', receipt: 'dev:diamonds_100:x' })
      .then(
        () => undefined,
        (e: unknown) => e as GameError,
      );
    expect(refused).toBeInstanceOf(GameError);
    expect(refused).toMatchObject({
      code: 'INVALID_ARGS',
      message: 'this server takes no dev receipts',
    });
  });

  it('none where in-app purchases are off', () => {
    const off = loadConfig({ ...stores(), LIFETICK_IN_APP_PURCHASES: 'off' });
    expect(receiptVerifierFor(off).platforms).toEqual([]);
  });

  it('stops start-up on a certificate or key file it cannot use, naming the setting', () => {
    const junk = path.join(dir, 'junk.txt');
    writeFileSync(junk, 'not a certificate');
    expect(() =>
      receiptVerifierFor(loadConfig({ ...stores(), LIFETICK_APPLE_ROOT_CERTS: junk })),
    ).toThrow(ConfigError);
    expect(() =>
      receiptVerifierFor(
        loadConfig({ ...stores(), LIFETICK_APPLE_ROOT_CERTS: `${rootFile},${junk}` }),
      ),
    ).toThrow(/LIFETICK_APPLE_ROOT_CERTS: .*junk\.txt is not a readable certificate/);
    expect(() =>
      receiptVerifierFor(loadConfig({ ...stores(), LIFETICK_GOOGLE_SERVICE_ACCOUNT: junk })),
    ).toThrow(/LIFETICK_GOOGLE_SERVICE_ACCOUNT: cannot read .*junk\.txt/);
    const noKey = path.join(dir, 'no-key.json');
    writeFileSync(noKey, JSON.stringify({ client_email: 'x@example.com' }));
    expect(() =>
      receiptVerifierFor(loadConfig({ ...stores(), LIFETICK_GOOGLE_SERVICE_ACCOUNT: noKey })),
    ).toThrow(/not a service account key/);
  });
});

describe('a production server with both stores', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ ...stores(), LIFETICK_ENV: 'production' });
  });
  afterAll(async () => {
    await ts.close();
  });

  let nextId = 1;
  async function connect(playerId: string): Promise<RawClient> {
    const client = await RawClient.open(ts.url);
    expect((await client.hello(await ts.token(playerId))).t).toBe('welcome');
    return client;
  }
  const send = (client: RawClient, name: string, args: unknown = {}): Promise<Frame> =>
    client.command(nextId++, name, args);
  const diamonds = async (client: RawClient) =>
    ((await send(client, 'getState')).result as { diamonds: number }).diamonds;

  it('refuses dev receipts and changes nothing', async () => {
    const client = await connect('prod-dev');
    const before = await send(client, 'getState');
    const reply = await send(client, 'purchaseInAppItem', {
      productId: 'diamonds_100',
      platform: 'dev',
      receipt: 'dev:diamonds_100:anything',
      purchaseId: 'free-diamonds',
    });
    expect(reply).toMatchObject({ t: 'error', code: 'INVALID_ARGS' });
    const after = await send(client, 'getState');
    expect((after.result as { diamonds: number }).diamonds).toBe(
      (before.result as { diamonds: number }).diamonds,
    );
    expect((after.result as { ledger?: unknown }).ledger).toBeUndefined();
    const exported = await send(client, 'exportData');
    expect((exported.result as { ledger: unknown[] }).ledger).toEqual([]);
    expect((exported.result as { purchases: unknown[] }).purchases).toEqual([]);
    client.close();
  });

  it('sells a pack through the App Store, once per transaction across players', async () => {
    const client = await connect('prod-ios');
    const start = await diamonds(client);
    const jws = await chain.sign({ transactionId: '2000000000000777' });
    const args = { productId: 'diamonds_100', platform: 'ios', receipt: jws, purchaseId: 'ios-1' };
    expect(await send(client, 'purchaseInAppItem', args)).toMatchObject({
      t: 'ack',
      result: { transactionId: '2000000000000777', diamonds: 100, balance: start + 100 },
    });
    expect(await diamonds(client)).toBe(start + 100);
    const other = await connect('prod-ios-2');
    expect(await send(other, 'purchaseInAppItem', args)).toMatchObject({
      t: 'error',
      code: 'CONFLICT',
    });
    expect(await diamonds(other)).toBe(start);
    client.close();
    other.close();
  });

  it('sells a pack through Google Play and consumes the purchase', async () => {
    const client = await connect('prod-android');
    const start = await diamonds(client);
    const token = play.buy({ productId: 'diamonds_550', purchaseState: 0, orderId: 'GPA.prod-1' });
    const reply = await send(client, 'purchaseInAppItem', {
      productId: 'diamonds_550',
      platform: 'android',
      receipt: token,
      purchaseId: 'android-1',
    });
    expect(reply).toMatchObject({
      t: 'ack',
      result: { transactionId: 'GPA.prod-1', diamonds: 550, balance: start + 550 },
    });
    await play.untilConsumed(token);
    expect(await diamonds(client)).toBe(start + 550);
    client.close();
  });
});
