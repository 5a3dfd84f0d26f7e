import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ticks, tickUntil } from '../helpers/ticks.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-life-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function server(env: Record<string, string>): Promise<TestServer> {
  const ts = await startTestServer(env);
  cleanups.push(() => ts.close());
  return ts;
}

/** Game minutes lived: the clock a player's catch-up is measured on. */
const minutes = (x: Record<string, number>) => x.ageDays! * 1440 + x.minuteOfDay!;

/** The catch-up cap of the restart test, in game minutes. */
const CATCH_UP_CAP = 600;

/**
 * Waits until the server has seen `playerId` leave (their clock is parked)
 * and returns that clock, in game minutes; it no longer moves.
 */
async function parkedClock(ts: TestServer, playerId: string): Promise<number> {
  const engine = ts.server.engine;
  const c = engine.world.columns;
  const slot = ts.server.players.slotOf(playerId);
  await tickUntil(engine, () => c.away[slot] === 1);
  return c.ageDays[slot]! * 1440 + c.minuteOfDay[slot]!;
}

/** Resolves after the writer has no unsaved player left (checked every tick). */
function saved(ts: TestServer): Promise<void> {
  return new Promise((resolve) => {
    ts.server.engine.onTick(() => {
      if (ts.server.persistence.unflushed === 0) resolve();
    });
  });
}

describe('player lifecycle with persistence', () => {
  it('a player comes back after a restart where they left, caught up for the time away', async () => {
    const dir = dataDir();
    const secret = 's'.repeat(32);
    const env = {
      LIFETICK_DATA_DIR: dir,
      LIFETICK_SECRET: secret,
      LIFETICK_FLUSH_MS: '100',
      LIFETICK_CATCHUP_CAP_MINUTES: String(CATCH_UP_CAP),
    };
    const first = await server(env);
    const a = await RawClient.open(first.url);
    await a.hello(await first.token('returning'));
    await a.command(1, 'setSpeed', { level: 5 });
    const before = (await a.command(2, 'getState')).result as Record<string, number>;
    a.close();
    await a.closed;
    // Gone: the clock stopped where the player left; that is what is saved.
    const left = await parkedClock(first, 'returning');
    expect(left).toBeGreaterThanOrEqual(minutes(before));
    await first.close();

    const second = await server(env);
    // Away at least as long as these ticks (tick n is never due before n
    // periods have passed): 10 ticks of 50 ms at 5,000 game minutes a second
    // earn 2,500 minutes, well past the cap, so the catch-up is the cap.
    await tickUntil(second.server.engine, () => second.server.engine.tickNumber >= 10);
    const b = await RawClient.open(second.url);
    const welcome = await b.hello(await second.token('returning'));
    expect(welcome.t).toBe('welcome');
    const state = welcome.state as Record<string, number>;
    expect(state.speed).toBe(5);
    expect(minutes(state)).toBeGreaterThanOrEqual(minutes(before));
    const away = welcome.away as { minutes: number; events: unknown[] };
    expect(away.minutes).toBe(CATCH_UP_CAP);
    expect(minutes(state)).toBe(left + CATCH_UP_CAP);
    b.close();
  });

  it('conversations survive a restart and come back in getState and retrievePerson', async () => {
    const dir = dataDir();
    const env = { LIFETICK_DATA_DIR: dir, LIFETICK_SECRET: 'c'.repeat(32) };
    const first = await server(env);
    const a = await RawClient.open(first.url);
    const welcome = await a.hello(await first.token('gossip'));
    const npcId = (welcome.state as { npcs: { id: number }[] }).npcs[0]!.id;
    await a.command(1, 'talk', { npcId, text: 'remember me?' });
    await a.next((f) => f.t === 'chat');
    a.close();
    await a.closed;
    await first.close();

    const second = await server(env);
    const b = await RawClient.open(second.url);
    const again = await b.hello(await second.token('gossip'));
    const conversations = (
      again.state as {
        conversations: { npcId: number; messages: { from: string; text: string }[] }[];
      }
    ).conversations;
    expect(conversations[0]).toMatchObject({
      npcId,
      messages: [{ from: 'player', text: 'remember me?' }, { from: 'npc' }],
    });
    const person = (await b.command(2, 'retrievePerson', { npcId })).result as {
      messages: unknown[];
    };
    expect(person.messages).toHaveLength(2);
    b.close();
  });

  it('a disconnected player stops ageing until they return', async () => {
    const ts = await server({ LIFETICK_CATCHUP_RATE: '0' });
    const a = await RawClient.open(ts.url);
    await a.hello(await ts.token('napper'));
    await a.command(1, 'setSpeed', { level: 5 });
    const before = (await a.command(2, 'getState')).result as Record<string, number>;
    a.close();
    await a.closed;
    const left = await parkedClock(ts, 'napper');
    expect(left).toBeGreaterThanOrEqual(minutes(before));
    // Twenty ticks at speed 5 would be 5,000 game minutes for a player still here.
    await ticks(ts.server.engine, 20);
    const b = await RawClient.open(ts.url);
    const welcome = await b.hello(await ts.token('napper'));
    const state = welcome.state as Record<string, number>;
    expect((welcome.away as { minutes: number }).minutes).toBe(0);
    // Not a minute more than when the disconnect was seen.
    expect(minutes(state)).toBeGreaterThanOrEqual(minutes(before));
    expect(minutes(state)).toBe(left);
    b.close();
  });

  it('evicts a player who has been gone a while, once saved, and loads them again on hello', async () => {
    const ts = await server({ LIFETICK_EVICT_AFTER_MS: '1000', LIFETICK_FLUSH_MS: '100' });
    const a = await RawClient.open(ts.url);
    await a.hello(await ts.token('drifter'));
    await a.command(1, 'setSpeed', { level: 4 });
    a.close();
    await a.closed;
    expect(ts.server.engine.world.count).toBe(1);
    await new Promise<void>((resolve) =>
      ts.server.engine.onTick(() => ts.server.engine.world.count === 0 && resolve()),
    );
    const b = await RawClient.open(ts.url);
    const welcome = await b.hello(await ts.token('drifter'));
    expect((welcome.state as Record<string, number>).speed).toBe(4);
    expect(ts.server.engine.world.count).toBe(1);
    b.close();
  });

  it('makes room at capacity by evicting the least recently seen saved player', async () => {
    const ts = await server({
      LIFETICK_CAPACITY: '2',
      LIFETICK_MAX_PLAYERS: '2',
      LIFETICK_FLUSH_MS: '100',
    });
    const clients: RawClient[] = [];
    for (const id of ['old', 'recent']) {
      const c = await RawClient.open(ts.url);
      await c.hello(await ts.token(id));
      await c.command(1, 'setSpeed', { level: 2 });
      clients.push(c);
    }
    for (const c of clients) {
      c.close();
      await c.closed;
    }
    await saved(ts);
    const newcomer = await RawClient.open(ts.url);
    expect((await newcomer.hello(await ts.token('newcomer'))).t).toBe('welcome');
    // 'old' left first, so it was evicted; 'recent' is still resident.
    const back = await RawClient.open(ts.url);
    expect((await back.hello(await ts.token('old'))).t).toBe('welcome');
    expect(((await back.command(2, 'getState')).result as Record<string, number>).speed).toBe(2);
    newcomer.close();
    back.close();
  });
});
