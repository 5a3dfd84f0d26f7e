/// <reference lib="dom" />
/**
 * A real nginx (Debian's) in front of lifetick: the WebSocket upgrade passes
 * through, and the SDK plays through it. In front of a fleet (round robin,
 * no sticky sessions) a client that lands on a process that does not own
 * its player is redirected straight to the owner's LIFETICK_PUBLIC_URL,
 * which is the process's own address, not nginx's: the SDK and the
 * playground in a browser follow it and play there.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  connect,
  type LifetickClient,
  type Redirect,
  type WebSocketConstructor,
} from '../../protocol/client.ts';
import {
  artifactPath,
  browserAvailable,
  CHROMIUM_PATH,
  launchBrowser,
} from '../helpers/browser.ts';
import { type ChildFleet, startChildFleet } from '../helpers/child-fleet.ts';
import { createFleetDatabase, runAll, sharedNatsUrl } from '../helpers/fleet.ts';
import { NGINX_PATH, type NginxProxy, nginxAvailable, startNginx } from '../helpers/nginx.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// In CI (CI=true) a missing nginx or browser fails the test; elsewhere the test is skipped, loudly.
const runNginx = nginxAvailable() || process.env.CI === 'true';
if (!runNginx) {
  console.warn(
    `SKIPPED the nginx tests: no nginx at ${NGINX_PATH} (apt-get install nginx, or set LIFETICK_NGINX)`,
  );
}
const runBrowser = runNginx && (browserAvailable() || process.env.CI === 'true');
if (runNginx && !runBrowser) {
  console.warn(
    `SKIPPED the playground through nginx: no chromium at ${CHROMIUM_PATH} (set LIFETICK_CHROMIUM)`,
  );
}

const ws = WebSocket as unknown as WebSocketConstructor;
/** Lease ttl of the child fleet: short enough to settle fast, long enough for 2 busy cores. */
const FLEET_TTL_MS = 3000;

/** Resolves once `check()` holds, polled until `ms` pass (then rejects). */
async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!runNginx)('nginx in front of one process', () => {
  let server: TestServer;
  let proxy: NginxProxy;
  beforeAll(async () => {
    expect(nginxAvailable(), `nginx at ${NGINX_PATH}`).toBe(true);
    server = await startTestServer({ LIFETICK_ENV: 'development' });
    proxy = await startNginx([`127.0.0.1:${server.server.port}`]);
  });
  afterAll(async () => {
    await proxy?.stop();
    await server?.close();
  });

  it('passes the WebSocket upgrade through: the SDK is welcomed and plays, with no redirect', async () => {
    const redirects: Redirect[] = [];
    const client = await connect(`${proxy.url}?client=solo`, await server.token('solo-1'), {
      WebSocket: ws,
      reconnect: false,
      onRedirect: (to) => redirects.push(to),
    });
    try {
      expect(client.playerId).toBe('solo-1');
      expect(await client.command('setSpeed', { level: 2 })).toEqual({ speed: 2 });
      expect(redirects).toEqual([]);
      expect(server.server.players.slotOf('solo-1')).toBeGreaterThanOrEqual(0);
    } finally {
      client.close();
    }
    // The socket is logged when it ends: upgraded (101), by the one upstream.
    const upstream = `127.0.0.1:${server.server.port}`;
    await until(() => proxy.requests().some((r) => r.uri === '/ws?client=solo'), 10_000);
    expect(proxy.requests().find((r) => r.uri === '/ws?client=solo')).toEqual({
      uri: '/ws?client=solo',
      status: 101,
      upstream,
    });
  });

  it('serves HTTP through it, and the development token endpoint sees loopback (nginx on 127.0.0.1)', async () => {
    expect((await fetch(`${proxy.http}/health`)).status).toBe(200);
    const minted = await fetch(`${proxy.http}/playground/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ playerId: 'through-nginx' }),
    });
    expect(minted.status).toBe(200);
    const { token } = (await minted.json()) as { token: string };
    const client = await connect(proxy.url, token, { WebSocket: ws, reconnect: false });
    expect(client.playerId).toBe('through-nginx');
    client.close();
  });
});

/** What the tests through nginx need of a fleet: its members' direct URLs, tokens, and who owns a player. */
interface FleetUnderTest {
  /** Each member's direct ws:// URL (its LIFETICK_PUBLIC_URL) and port. */
  readonly members: readonly { readonly url: string; readonly port: number }[];
  token(playerId: string): Promise<string>;
  /** The direct URL of the member that owns the player now. */
  ownerUrl(playerId: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

/**
 * Three lifetick processes in fleet mode (child processes, as `npm start`
 * runs them) on one fresh MariaDB database, with NATS when it runs here;
 * ready once the shards have settled over the three.
 */
async function childFleet(): Promise<FleetUnderTest | undefined> {
  const db = await createFleetDatabase();
  if (!db) return undefined;
  let fleet: ChildFleet | undefined;
  try {
    const natsUrl = await sharedNatsUrl();
    fleet = await startChildFleet(db, {
      count: 3,
      leaseTtlMs: FLEET_TTL_MS,
      ...(natsUrl !== undefined ? { natsUrl } : {}),
      env: { LIFETICK_ENV: 'development' },
    });
    const spread = await fleet.settled(60_000);
    console.log(`fleet settled: shards per member ${JSON.stringify([...spread.byOwner])}`);
  } catch (error) {
    await runAll([async () => fleet?.stop(), () => db.drop()]);
    throw error;
  }
  const f = fleet;
  return {
    members: f.members,
    token: (playerId) => f.token(playerId),
    ownerUrl: async (playerId) => (await f.ownerOf(playerId))?.url,
    stop: () => runAll([() => f.stop(), () => db.drop()]),
  };
}

/** One player's way in: the redirects it followed, and its owner when it was welcomed. */
interface Entry {
  readonly playerId: string;
  readonly client: LifetickClient;
  readonly hops: readonly Redirect[];
  readonly ownerUrl: string | undefined;
  readonly speed: unknown;
}

const PLAYERS = 30;

// Without MySQL (outside CI) childFleet() gives no fleet and the tests skip.
describe.skipIf(!runNginx)('nginx round robin over a fleet of 3 processes', () => {
  let fleet: FleetUnderTest | undefined;
  let proxy: NginxProxy | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    expect(nginxAvailable(), `nginx at ${NGINX_PATH}`).toBe(true);
    fleet = await childFleet();
    if (!fleet) return;
    proxy = await startNginx(fleet.members.map((m) => `127.0.0.1:${m.port}`));
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await fleet?.stop();
  });

  it(`${PLAYERS} players enter through nginx, each is welcomed by its owner, some after a redirect`, async (ctx) => {
    if (!fleet) return ctx.skip();
    const f = fleet;
    const p = proxy!;
    const entries = await Promise.all(
      Array.from({ length: PLAYERS }, async (_, i): Promise<Entry> => {
        const playerId = `rr-${i}`;
        const hops: Redirect[] = [];
        const client = await connect(`${p.url}?client=${playerId}`, await f.token(playerId), {
          WebSocket: ws,
          reconnect: false,
          onRedirect: (to) => hops.push(to),
        });
        const ownerUrl = await f.ownerUrl(playerId);
        const speed = await client.command('setSpeed', { level: 2 });
        return { playerId, client, hops, ownerUrl, speed };
      }),
    );
    for (const e of entries) e.client.close();

    // nginx logs each socket when it ends: wait for all of every player's.
    // Through nginx went the first and each after a "moving" redirect (the
    // client goes back to where it began); a redirect with a URL goes direct.
    const logged = (playerId: string) =>
      p.requests().filter((r) => r.uri === `/ws?client=${playerId}`);
    const throughNginx = (e: Entry) => 1 + e.hops.filter((h) => h.url === undefined).length;
    await until(() => entries.every((e) => logged(e.playerId).length >= throughNginx(e)), 15_000);

    const direct = new Map(fleet!.members.map((m) => [`127.0.0.1:${m.port}`, m.url]));
    let redirected = 0;
    for (const e of entries) {
      expect(e.client.playerId).toBe(e.playerId);
      expect(e.speed).toEqual({ speed: 2 });
      expect(e.ownerUrl, `${e.playerId} has an owner`).toBeDefined();
      // Where the welcome came from: the last redirect's URL, or (none,
      // or a "moving" one, which sends the client back to where it began)
      // the upstream nginx chose for the player's last socket through it.
      let welcomedAt = p.url;
      for (const hop of e.hops) welcomedAt = hop.url ?? p.url;
      if (welcomedAt === p.url) {
        const last = logged(e.playerId).at(-1)!;
        expect(last.status).toBe(101);
        welcomedAt = direct.get(last.upstream) ?? last.upstream;
      }
      expect(welcomedAt, `${e.playerId} welcomed by its owner`).toBe(e.ownerUrl);
      if (e.hops.some((h) => h.url !== undefined)) {
        redirected++;
        // Sent straight to the owner, by a process that was not it.
        expect(e.hops.filter((h) => h.url !== undefined).map((h) => h.url)).toEqual([e.ownerUrl]);
        const first = logged(e.playerId)[0]!;
        expect(direct.get(first.upstream)).not.toBe(e.ownerUrl);
      }
    }
    // Round robin spread the players' first sockets over every member.
    const firstUpstreams = new Map<string, number>();
    for (const e of entries) {
      const u = logged(e.playerId)[0]!.upstream;
      firstUpstreams.set(u, (firstUpstreams.get(u) ?? 0) + 1);
    }
    console.log(
      `through nginx: ${redirected} of ${PLAYERS} players redirected to their owner; ` +
        `first sockets per upstream: ${JSON.stringify(Object.fromEntries(firstUpstreams))}`,
    );
    expect(redirected).toBeGreaterThan(0);
    expect([...firstUpstreams.keys()].sort()).toEqual([...direct.keys()].sort());
  });

  it.skipIf(!runBrowser)(
    'the playground, opened through nginx, mints, connects and is welcomed after a redirect',
    async (ctx) => {
      if (!fleet) return ctx.skip();
      const f = fleet;
      const p = proxy!;
      expect(browserAvailable(), `chromium at ${CHROMIUM_PATH}`).toBe(true);
      browser = await launchBrowser();
      const page = await browser.newPage();
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`);
      try {
        await page.goto(`${p.http}/playground`);
        // nginx connects from 127.0.0.1, so the development endpoint mints
        // through it (why a development server must never be reachable
        // through a proxy by anyone else). Round robin may put a player's
        // socket on its owner: new players until one is redirected.
        let redirectedTo: string | undefined;
        let playerId = '';
        let newSockets: string[] = [];
        const redirectFrames = page.locator('[data-kind="frame"]', { hasText: 'redirect 1: to' });
        for (let attempt = 1; attempt <= 8 && redirectedTo === undefined; attempt++) {
          playerId = `pg-nginx-${attempt}`;
          const before = await byTestId('token').inputValue();
          await byTestId('mint-player').fill(playerId);
          await byTestId('mint').click();
          await page.waitForFunction((old) => {
            const value = (document.getElementById('token') as HTMLInputElement).value;
            return value !== old && value.split('.').length === 3;
          }, before);
          const redirectsBefore = await redirectFrames.count();
          const socketsBefore = sockets.length;
          await byTestId('connect').click();
          await page
            .locator('[data-testid="status"][data-state="online"]', { hasText: playerId })
            .waitFor();
          newSockets = sockets.slice(socketsBefore);
          const frames = await redirectFrames.allInnerTexts();
          if (frames.length > redirectsBefore)
            redirectedTo = /redirect 1: to (ws:\S+)/.exec(frames.at(-1)!)?.[1];
        }
        expect(redirectedTo, 'a connect through nginx was redirected').toBeDefined();
        expect(redirectedTo).toBe(await f.ownerUrl(playerId));
        expect(newSockets).toEqual([p.url, redirectedTo]);
        // It plays at the owner.
        await byTestId('speed-3').click();
        await page.locator('[data-testid="speed-3"][aria-pressed="true"]').waitFor();
        expect(await page.locator('[data-kind="error"]').count()).toBe(0);
        expect(problems).toEqual([]);
        const shot = artifactPath('playground-nginx.png');
        await page.screenshot({ path: shot, fullPage: true });
        console.log(`playground through nginx: redirected to ${redirectedTo}; screenshot ${shot}`);
      } catch (error) {
        await page
          .screenshot({ path: artifactPath('playground-nginx-failure.png'), fullPage: true })
          .catch(() => {});
        const pageLog = await byTestId('log')
          .innerText({ timeout: 1000 })
          .catch(() => '');
        throw new Error(
          `${String(error)}\nsockets: ${sockets.join(' ')}\npage log:\n${pageLog}\nnginx errors:\n${p.errorLog()}`,
        );
      }
    },
  );
});
