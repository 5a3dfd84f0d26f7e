import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.ts';
import { HoldingRelay } from '../helpers/holding-relay.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/mysql.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { ticks, tickUntil } from '../helpers/ticks.ts';

/** The player's clock in game minutes, read with the engine idle. */
function clockOf(engine: Engine, slot: number): Promise<number> {
  return engine.submit(() => {
    const c = engine.world.columns;
    return c.ageDays[slot]! * 1440 + c.minuteOfDay[slot]!;
  });
}

let relay: HoldingRelay | undefined;
let server: TestServer | undefined;
let database: TestDatabase | undefined;

afterEach(async () => {
  relay?.release();
  await server?.close();
  server = undefined;
  await relay?.close();
  relay = undefined;
  await database?.drop();
  database = undefined;
});

describe('a socket that closes while its player loads', () => {
  it('leaves the player parked (clock stopped), leaks no session, and the player is evicted as usual', async (ctx) => {
    database = await createTestDatabase();
    if (!database) {
      ctx.skip();
      return;
    }
    const direct = new URL(database.url);
    relay = await HoldingRelay.start({ host: direct.hostname, port: Number(direct.port || 3306) });
    const relayed = new URL(database.url);
    relayed.host = `127.0.0.1:${relay.port}`;
    server = await startTestServer({
      LIFETICK_DATABASE_URL: relayed.toString(),
      LIFETICK_FLUSH_MS: '100',
      // Eviction comes well after the clock has been watched below.
      LIFETICK_EVICT_AFTER_MS: '4000',
      // A speed-1 clock then moves 25 game minutes a tick: a clock left
      // running cannot go unseen over a few ticks.
      LIFETICK_TIME_SCALE: '100',
    });
    const ts = server;
    const engine = ts.server.engine;
    const players = ts.server.players;
    const id = `vanish-${Date.now().toString(36)}`;

    // The player's database read reaches MariaDB; its answer waits in the relay.
    const loading = relay.holdAnswersTo(id);
    const client = await RawClient.open(ts.url);
    client.send({ t: 'hello', v: 1, token: await ts.token(id) });
    await loading;
    client.close();
    await client.closed;
    expect(players.slotOf(id)).toBe(-1);
    relay.release();

    // The load finishes after the socket is gone: the player becomes
    // resident, and the handshake's next step (a few ticks at most) must
    // leave them parked.
    await tickUntil(engine, () => players.slotOf(id) >= 0);
    await ticks(engine, 5);
    const slot = players.slotOf(id);
    expect(engine.world.columns.away[slot]).toBe(1);
    const before = await clockOf(engine, slot);
    await ticks(engine, 10);
    expect(await clockOf(engine, slot), 'the clock of a player nobody plays stays stopped').toBe(
      before,
    );
    const stats = (await (await fetch(`${ts.http}/stats`)).json()) as {
      connections: number;
      players: { connected: number };
    };
    expect(stats.connections).toBe(0);
    expect(stats.players.connected).toBe(0);
    expect(client.frames.filter((f) => f.t === 'welcome')).toEqual([]);

    // Saved, then evicted after LIFETICK_EVICT_AFTER_MS like anyone who left.
    await tickUntil(engine, () => players.slotOf(id) === -1);

    // And the life is there when the player comes back.
    const again = await RawClient.open(ts.url);
    const welcome = await again.hello(await ts.token(id));
    expect(welcome).toMatchObject({ t: 'welcome', playerId: id });
    // Loaded from its saved row and caught up for the time away (a new life has nothing to catch up).
    expect((welcome.away as { minutes: number }).minutes).toBeGreaterThan(0);
    again.close();
    await again.closed;
  });
});
