import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { STATUS_REFRESH_MS } from '../../src/persistence/writer.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/mysql.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { tickUntil } from '../helpers/ticks.ts';

const ADMIN_TOKEN = 'admin-token-of-enough-length';
// Production settings other parts of the server may ask for; ignored where unknown.
// TODO(merge): keep in step with the receipt verifiers' production requirement.
const PRODUCTION = { LIFETICK_ENV: 'production', LIFETICK_IN_APP_PURCHASES: 'off' };

let server: TestServer | undefined;
let database: TestDatabase | undefined;
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.terminate();
  await server?.close();
  server = undefined;
  await database?.drop();
  database = undefined;
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  server = await startTestServer(env);
  return server;
}

/** Status code and body text of a GET, with an optional bearer token. */
async function get(url: string, token?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, text: await res.text() };
}

describe('/health and /stats', () => {
  it('read a cached status: the slots are walked once a refresh, not once a request', async () => {
    const ts = await start();
    const client = await RawClient.open(ts.url);
    clients.push(client);
    expect((await client.hello(await ts.token('cached'))).t).toBe('welcome');
    const writer = ts.server.writer;
    const walksBefore = writer.measurements;
    const started = performance.now();
    const requests = 300;
    for (let i = 0; i < requests; i += 3) {
      const replies = await Promise.all([
        get(`${ts.http}/health`),
        get(`${ts.http}/stats`),
        get(`${ts.http}/metrics`),
      ]);
      for (const r of replies) expect(r.status).toBe(200);
    }
    const elapsed = performance.now() - started;
    const walks = writer.measurements - walksBefore;
    // Phase 2 refreshes at most once per STATUS_REFRESH_MS; a request that
    // walked the slots itself would add one walk each (300 here).
    expect(walks).toBeLessThanOrEqual(Math.ceil(elapsed / STATUS_REFRESH_MS) + 1);
  });

  it('/health says degraded with a generic reason, never the database error text', async (ctx) => {
    database = await createTestDatabase();
    if (!database) {
      ctx.skip();
      return;
    }
    const ts = await start({ LIFETICK_DATABASE_URL: database.url, LIFETICK_FLUSH_MS: '100' });
    const engine = ts.server.engine;
    const writer = ts.server.writer;
    // A player at speed 1 changes every tick, so every flush has a row to save.
    const client = await RawClient.open(ts.url);
    clients.push(client);
    expect((await client.hello(await ts.token('degraded'))).t).toBe('welcome');
    await tickUntil(engine, () => writer.cachedStatus().rowsSaved > 0);
    expect((await get(`${ts.http}/health`)).status).toBe(200);

    // MariaDB's answer names the schema: "Table 'lifetick_test_...players' doesn't exist".
    const admin = await mysql.createConnection({ uri: database.url });
    try {
      await admin.query('RENAME TABLE players TO players_hidden');
      await tickUntil(engine, () => writer.cachedStatus().failing);
      expect(writer.cachedStatus().lastError).toContain(database.name);

      const health = await get(`${ts.http}/health`);
      expect(health.status).toBe(503);
      const body = JSON.parse(health.text) as {
        status: string;
        database: { up: boolean; error: string };
      };
      expect(body.status).toBe('degraded');
      expect(body.database).toMatchObject({ up: false, error: 'database unavailable' });
      expect(health.text).not.toContain(database.name);
      expect(health.text).not.toContain("doesn't exist");

      await admin.query('RENAME TABLE players_hidden TO players');
      await tickUntil(engine, () => !writer.cachedStatus().failing);
      const back = await get(`${ts.http}/health`);
      expect(back.status).toBe(200);
      expect(JSON.parse(back.text)).toMatchObject({ status: 'ok', database: { up: true } });
      expect(back.text).not.toContain('error');
    } finally {
      await admin.end();
    }
  });
});

describe('where /metrics and /stats are served', () => {
  it('with LIFETICK_METRICS_PORT, on that port only; the game port refuses them', async () => {
    const ts = await start({ LIFETICK_METRICS_PORT: '0', LIFETICK_ADMIN_TOKEN: ADMIN_TOKEN });
    const port = ts.server.metricsPort;
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(ts.server.port);
    const metricsHttp = `http://127.0.0.1:${port}`;

    const metrics = await get(`${metricsHttp}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('lifetick_tick_duration_seconds');
    const stats = await get(`${metricsHttp}/stats`);
    expect(stats.status).toBe(200);
    expect(JSON.parse(stats.text)).toHaveProperty('players.resident');
    expect((await get(`${metricsHttp}/health`)).status).toBe(200);
    // Nothing else lives there: no game, no admin, no playground.
    for (const p of ['/ws', '/playground', '/admin/resize', '/nope'])
      expect((await get(`${metricsHttp}${p}`)).status, p).toBe(404);

    // The game port serves neither, not even with the admin token.
    for (const p of ['/metrics', '/stats']) {
      expect((await get(`${ts.http}${p}`)).status, p).toBe(404);
      expect((await get(`${ts.http}${p}`, ADMIN_TOKEN)).status, p).toBe(404);
    }
    expect((await get(`${ts.http}/health`)).status).toBe(200);
  });

  it('in production without a metrics port, the game port asks for the admin token', async () => {
    const ts = await start({ ...PRODUCTION, LIFETICK_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(ts.server.metricsPort).toBeUndefined();
    for (const p of ['/metrics', '/stats']) {
      const anonymous = await get(`${ts.http}${p}`);
      expect(anonymous.status, p).toBe(401);
      expect(anonymous.text).not.toContain('lifetick_');
      expect((await get(`${ts.http}${p}`, `${ADMIN_TOKEN}x`)).status, p).toBe(401);
      expect((await get(`${ts.http}${p}`, ADMIN_TOKEN)).status, p).toBe(200);
    }
    expect((await get(`${ts.http}/metrics`, ADMIN_TOKEN)).text).toContain(
      'lifetick_players_resident',
    );
    expect((await get(`${ts.http}/health`)).status).toBe(200);
  });

  it('in production with neither a metrics port nor an admin token, they are not served', async () => {
    const ts = await start(PRODUCTION);
    for (const p of ['/metrics', '/stats'])
      expect((await get(`${ts.http}${p}`)).status, p).toBe(404);
    expect((await get(`${ts.http}/health`)).status).toBe(200);
  });

  it('in development without a metrics port, the game port serves them openly', async () => {
    const ts = await start();
    for (const p of ['/metrics', '/stats'])
      expect((await get(`${ts.http}${p}`)).status, p).toBe(200);
  });
});
