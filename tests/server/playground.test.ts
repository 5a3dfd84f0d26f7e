/// <reference lib="dom" />
import { execFile } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/close-codes.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { AuthError, secretKey, verifyPlayerToken } from '../../src/server/auth.ts';
import { fireEvent } from '../../src/sim/events.ts';
import {
  artifactPath,
  browserAvailable,
  CHROMIUM_PATH,
  launchBrowser,
} from '../helpers/browser.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// In CI (CI=true) a missing browser fails the test; elsewhere the test is skipped, loudly.
const runBrowser = browserAvailable() || process.env.CI === 'true';
if (!runBrowser) {
  console.warn(
    `SKIPPED the playground browser test: no chromium at ${CHROMIUM_PATH} (set LIFETICK_CHROMIUM)`,
  );
}

/** An IPv4 address of this machine that is not loopback (eth0's), if it has one. */
function outsideAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}
const outside = outsideAddress();
if (!outside) {
  console.warn(
    'SKIPPED the non-loopback minting test: this machine has no non-loopback IPv4 address',
  );
}

function mintRequest(base: string, body: unknown, type = 'application/json'): Promise<Response> {
  return fetch(`${base}/playground/token`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: JSON.stringify(body),
  });
}

/** The slot of the only player alive in this server. */
function onlySlot(engine: Engine): number {
  const alive = engine.world.columns.alive;
  const slots: number[] = [];
  for (let s = 0; s < engine.world.highWater; s++) if (alive[s] === 1) slots.push(s);
  expect(slots).toHaveLength(1);
  return slots[0]!;
}

describe('playground in production', () => {
  let prod: TestServer;
  beforeAll(async () => {
    prod = await startTestServer({ LIFETICK_ENV: 'production' });
  });
  afterAll(async () => {
    await prod.close();
  });

  it('serves the page without minting, and POST /playground/token is 404', async () => {
    expect((await mintRequest(prod.http, { playerId: 'alice' })).status).toBe(404);
    const page = await fetch(`${prod.http}/playground`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-testid="mint-off"');
    expect(html).not.toContain('data-testid="mint"');
  });
});

describe('playground in development', () => {
  let dev: TestServer;
  let browser: Browser | undefined;
  beforeAll(async () => {
    dev = await startTestServer({ LIFETICK_ENV: 'development', LIFETICK_TUTORIAL: 'on' });
  });
  afterAll(async () => {
    await browser?.close();
    await dev.close();
  });

  it('mints tokens signed with the server key, and refuses bad requests', async () => {
    const response = await mintRequest(dev.http, { playerId: 'alice_1' });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const key = secretKey(dev.secret);
    expect(await verifyPlayerToken(token, key, { acceptDevTokens: true })).toBe('alice_1');
    // Marked as a development token: refused where development tokens are not accepted.
    await expect(verifyPlayerToken(token, key)).rejects.toThrow(AuthError);
    expect((await mintRequest(dev.http, { playerId: 'not ok!' })).status).toBe(400);
    expect((await mintRequest(dev.http, {})).status).toBe(400);
    expect((await mintRequest(dev.http, { playerId: 'alice' }, 'text/plain')).status).toBe(415);
    const page = await fetch(`${dev.http}/playground`);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' ws: wss:;");
    const script = await fetch(`${dev.http}/playground/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
  });

  it.skipIf(!runBrowser)(
    'plays a life by hand in a browser: clock, speed, an answered event, a chat reply',
    async () => {
      expect(browserAvailable(), `chromium at ${CHROMIUM_PATH}`).toBe(true);
      browser = await launchBrowser();
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const urls: string[] = [];
      context.on('request', (request) => urls.push(request.url()));
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('websocket', (ws) => urls.push(ws.url()));
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);

      try {
        await page.goto(`${dev.http}/playground`);
        await byTestId('mint-player').fill('playground-e2e');
        await byTestId('mint').click();
        await page.waitForFunction(
          () =>
            (document.getElementById('token') as HTMLInputElement).value.split('.').length === 3,
        );
        await byTestId('connect').click();
        await page.locator('[data-testid="status"][data-state="online"]').waitFor();

        // The clock runs: the displayed minute changes (speed 1 is 5 game minutes a second).
        const minute = await byTestId('clock-time').textContent();
        await page.waitForFunction(
          (before) => document.querySelector('[data-testid="clock-time"]')?.textContent !== before,
          minute,
        );

        // Top speed: the button shows the server's speed, and the clock the
        // server sends (the field list: not extrapolated) moves on.
        const serverMinute = await byTestId('field-minuteOfDay').textContent();
        await byTestId('speed-5').click();
        await page.locator('[data-testid="speed-5"][aria-pressed="true"]').waitFor();
        await page.waitForFunction(
          (before) =>
            document.querySelector('[data-testid="field-minuteOfDay"]')?.textContent !== before,
          serverMinute,
        );
        expect(Number(await byTestId('field-speed').textContent())).toBe(5);

        // A question: the tutorial asks a newborn one within its first game
        // hours. Should the content no longer do that, fire one on the server
        // (between ticks, with the clock paused so nothing else fires).
        const title = byTestId('event-title');
        const asked = await title.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        );
        await byTestId('speed-0').click();
        await page.locator('[data-testid="speed-0"][aria-pressed="true"]').waitFor();
        const engine = dev.server.engine;
        const slot = onlySlot(engine);
        if (!asked && (await title.count()) === 0) {
          const wallet = engine.catalog.indexById.get('random.found_wallet')!;
          await engine.submit(() =>
            fireEvent(engine.world.columns, slot, engine.catalog, wallet, []),
          );
        }
        await title.waitFor();
        const eventId = (await title.getAttribute('data-event-id'))!;
        const event = engine.catalog.indexById.get(eventId)!;
        expect(engine.world.columns.pendingEvent[slot]).toBe(event + 1);
        expect(await title.textContent()).toBe(engine.catalog.defs[event]!.title);
        // Answer it through the page, with an option that costs nothing.
        const options = page.locator('[data-testid^="event-option-"]');
        expect(await options.count()).toBeGreaterThan(0);
        await options.filter({ hasNotText: 'costs' }).first().click();
        await page.locator('[data-kind="ack"]', { hasText: `answer ${eventId}:` }).waitFor();
        expect(engine.world.columns.pendingEvent[slot]).not.toBe(event + 1);
        await byTestId('event-none').waitFor();

        // Talk: the offline template voice answers in a chat frame.
        await byTestId('talk-text').fill('Hello from the playground!');
        await byTestId('talk-send').click();
        // The reply, or (failing fast) an error the page logged.
        await page.locator('[data-testid="chat-npc"], [data-kind="error"]').first().waitFor();
        expect(await page.locator('[data-kind="error"]').allInnerTexts()).toEqual([]);
        const reply = byTestId('chat-npc').first();
        expect((await reply.textContent())?.length).toBeGreaterThan(5);
        await page.locator('[data-kind="frame"]', { hasText: 'chat from' }).waitFor();
      } catch (error) {
        // Leave what the page showed: a screenshot and its own log.
        const failure = artifactPath('playground-failure.png');
        await page.screenshot({ path: failure, fullPage: true }).catch(() => {});
        const pageLog = await byTestId('log')
          .innerText({ timeout: 1000 })
          .catch(() => '');
        console.log(`playground failed, screenshot ${failure}; page log:\n${pageLog}`);
        console.log(`console errors: ${problems.join('\n') || 'none'}`);
        throw error;
      }

      const shot = artifactPath('playground.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`playground screenshot: ${shot}`);

      expect(problems).toEqual([]);
      expect(await page.locator('[data-kind="error"]').count()).toBe(0);
      const elsewhere = urls.filter((url) => {
        const { protocol, hostname } = new URL(url);
        return protocol !== 'data:' && hostname !== '127.0.0.1';
      });
      expect(elsewhere).toEqual([]);
      expect(urls.some((url) => url.startsWith('ws://127.0.0.1:'))).toBe(true);
    },
  );
});

describe('development tokens and the network', () => {
  it.skipIf(!outside)(
    'mints only for requests from a loopback address (403 from eth0)',
    async () => {
      const dev = await startTestServer({ LIFETICK_ENV: 'development', LIFETICK_HOST: '0.0.0.0' });
      try {
        const port = dev.server.port;
        const refused = await mintRequest(`http://${outside}:${port}`, { playerId: 'victim' });
        expect(refused.status).toBe(403);
        expect(((await refused.json()) as { error: string }).error).toMatch(/this machine/);
        // The page itself is served to anyone; only minting is local.
        expect((await fetch(`http://${outside}:${port}/playground`)).status).toBe(200);
        expect((await mintRequest(`http://127.0.0.1:${port}`, { playerId: 'me' })).status).toBe(
          200,
        );
      } finally {
        await dev.close();
      }
    },
  );

  it('a production server refuses a playground token, and accepts a CLI token, on the same secret', async () => {
    const dev = await startTestServer({ LIFETICK_ENV: 'development' });
    const prod = await startTestServer({ LIFETICK_ENV: 'production', LIFETICK_SECRET: dev.secret });
    try {
      const minted = await mintRequest(dev.http, { playerId: 'taken_over' });
      const { token } = (await minted.json()) as { token: string };
      // The development server itself takes it.
      const local = await RawClient.open(dev.url);
      expect((await local.hello(token)).t).toBe('welcome');
      local.close();

      const remote = await RawClient.open(prod.url);
      const answer = await remote.hello(token);
      expect(answer).toMatchObject({ t: 'error', code: 'UNAUTHORIZED' });
      expect(String(answer.message)).toMatch(/development token/);
      expect((await remote.closed).code).toBe(CloseCode.AUTH_FAILED);

      // `npm run token`, with the same secret, mints a token production takes.
      const root = fileURLToPath(new URL('../..', import.meta.url));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'src/cli/token.ts', 'taken_over', '--ttl', '10m'],
        { cwd: root, env: { ...process.env, LIFETICK_SECRET: dev.secret } },
      );
      const cli = await RawClient.open(prod.url);
      expect((await cli.hello(stdout.trim())).t).toBe('welcome');
      cli.close();
    } finally {
      await prod.close();
      await dev.close();
    }
  });
});
