/**
 * A real nginx (Debian's) in front of lifetick: the WebSocket upgrade passes
 * through, and the SDK plays through it. In front of a fleet (round robin,
 * no sticky sessions) a client that lands on a process that does not own
 * its player is redirected straight to the owner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, type Redirect, type WebSocketConstructor } from '../../protocol/client.ts';
import { NGINX_PATH, type NginxProxy, nginxAvailable, startNginx } from '../helpers/nginx.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// In CI (CI=true) a missing nginx fails the test; elsewhere the test is skipped, loudly.
const runNginx = nginxAvailable() || process.env.CI === 'true';
if (!runNginx) {
  console.warn(
    `SKIPPED the nginx tests: no nginx at ${NGINX_PATH} (apt-get install nginx, or set LIFETICK_NGINX)`,
  );
}

const ws = WebSocket as unknown as WebSocketConstructor;

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

/** Resolves once `check()` holds, polled until `ms` pass (then rejects). */
async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
