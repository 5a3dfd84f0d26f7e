import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const ADMIN = 'admin-token-for-tests-only';
let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ LIFETICK_ADMIN_TOKEN: ADMIN, LIFETICK_WORKERS: '1' });
});
afterAll(async () => {
  await ts.close();
});

const resize = (body: unknown, token: string | null = ADMIN) =>
  fetch(`${ts.http}/admin/resize`, {
    method: 'POST',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });

/** Resolves after `n` more ticks have completed. */
const ticks = (n: number) =>
  new Promise<void>((resolve) => {
    const target = ts.server.engine.tickNumber + n;
    ts.server.engine.onTick((r) => r.tick >= target && resolve());
  });

describe('live resize (admin endpoint)', () => {
  it('refuses calls without the admin token, and bad bodies', async () => {
    expect((await resize({ workers: 2 }, null)).status).toBe(401);
    expect((await resize({ workers: 2 }, 'wrong-token-of-the-same-len')).status).toBe(401);
    expect((await resize({ workers: 0 })).status).toBe(400);
    expect((await resize({})).status).toBe(400);
    expect(ts.server.engine.workers).toBe(1);
  });

  it('changes workers and tick rate under load without a missed tick or lost state', async () => {
    const clients: RawClient[] = [];
    for (let i = 0; i < 40; i++) {
      const c = await RawClient.open(ts.url);
      await c.hello(await ts.token(`busy-${i}`));
      await c.command(1, 'setSpeed', { level: 5 });
      clients.push(c);
    }
    // Keep commands flowing while the pool is swapped.
    let id = 100;
    const traffic = setInterval(() => {
      for (const c of clients) c.send({ t: 'cmd', id: id++, name: 'getState', args: {} });
    }, 50);
    await ticks(5);
    const before = ts.server.engine.loopCounters;
    const stateBefore = (await clients[0]!.command(2, 'getState')).result as Record<string, number>;

    const response = await resize({ workers: 2, tickHz: 30 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ workers: 2, tickHz: 30 });
    expect(ts.server.engine.workers).toBe(2);
    await ticks(30);
    expect((await resize({ workers: 1, tickHz: 20 })).status).toBe(200);
    await ticks(10);
    clearInterval(traffic);

    const after = ts.server.engine.loopCounters;
    expect(after.failed).toBe(before.failed);
    expect(after.dropped).toBe(before.dropped);
    const stateAfter = (await clients[0]!.command(3, 'getState')).result as Record<string, number>;
    const minutes = (s: Record<string, number>) => s.ageDays! * 1440 + s.minuteOfDay!;
    expect(minutes(stateAfter)).toBeGreaterThan(minutes(stateBefore));
    expect(stateAfter.speed).toBe(5);
    const metrics = await (await fetch(`${ts.http}/metrics`)).text();
    expect(metrics).toMatch(/lifetick_worker_utilization\{worker="0"\}/);
    for (const c of clients) c.close();
  });
});
