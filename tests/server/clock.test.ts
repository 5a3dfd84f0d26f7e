import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/close-codes.ts';
import { loadConfig } from '../../src/config.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { LifetickServer } from '../../src/server/server.ts';
import { RawClient } from '../helpers/raw-client.ts';

/**
 * The server's injected clock reaches everything where wall time has
 * meaning on the wire: welcome's serverTime, token expiry (checked at hello
 * and during the session) and the time a player was away.
 */

const HOUR_MS = 3_600_000;
const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-clock-'));
const secret = randomBytes(24).toString('base64url');
// Far from the real time, so an answer from Date.now would show.
const clock = { now: Date.UTC(2031, 5, 1) };
const key = secretKey(secret);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: LifetickServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(): Promise<LifetickServer> {
  const config = loadConfig({
    LIFETICK_PORT: '0',
    LIFETICK_HOST: '127.0.0.1',
    LIFETICK_DATA_DIR: dir,
    LIFETICK_SECRET: secret,
    LIFETICK_LOG_LEVEL: 'silent',
    LIFETICK_WORKERS: '1',
    LIFETICK_CAPACITY: '64',
    LIFETICK_COMMAND_LOG: 'off',
    LIFETICK_TUTORIAL: 'off',
    // Five game minutes: a catch-up this short fires no question that could stop it early.
    LIFETICK_CATCHUP_CAP_MINUTES: '5',
  });
  server = await LifetickServer.start(config, { clock: () => clock.now });
  return server;
}

const tokenOnTestClock = (playerId: string, ttlSeconds: number) =>
  mintPlayerToken(playerId, key, ttlSeconds, { now: () => clock.now });

describe('the server clock', () => {
  it("is welcome's serverTime, and the time away a returning player catches up", async () => {
    const s = await start();
    const url = `ws://127.0.0.1:${s.port}/ws`;
    const first = await RawClient.open(url);
    const welcome = await first.hello(await tokenOnTestClock('clocked', 3600));
    expect(welcome.t).toBe('welcome');
    expect(welcome.serverTime).toBe(clock.now);
    first.close();
    await first.closed;
    // The close parks the player through the engine; this runs after it.
    await s.engine.submit(() => undefined);

    clock.now += HOUR_MS;
    const again = await RawClient.open(url);
    const back = await again.hello(await tokenOnTestClock('clocked', 3600));
    expect(back.serverTime).toBe(clock.now);
    // An hour away at speed 1 is far more than the cap.
    expect((back.away as { minutes: number }).minutes).toBe(5);
    again.close();
  });

  it('refuses a token expired by it, and closes a session when its token runs out by it', async () => {
    const s = await start();
    const url = `ws://127.0.0.1:${s.port}/ws`;
    // Valid for an hour of real time, but minted two hours before the server's now.
    const stale = await mintPlayerToken('late', key, 3600, { now: () => clock.now - 2 * HOUR_MS });
    const refused = await RawClient.open(url);
    const answer = await refused.hello(stale);
    expect(answer).toMatchObject({ t: 'error', code: 'UNAUTHORIZED', message: 'token expired' });
    expect((await refused.closed).code).toBe(CloseCode.AUTH_FAILED);

    const client = await RawClient.open(url);
    expect((await client.hello(await tokenOnTestClock('expiring', 1))).t).toBe('welcome');
    // The expiry timer looks at the server's clock when it fires (within a
    // second): past the token's exp now.
    clock.now += 2000;
    const expired = await client.next((f) => f.t === 'error');
    expect(expired.code).toBe('UNAUTHORIZED');
    expect((await client.closed).code).toBe(CloseCode.AUTH_FAILED);
  });
});
