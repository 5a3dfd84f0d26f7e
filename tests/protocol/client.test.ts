import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connect, LifetickError, type WebSocketConstructor } from '../../protocol/client.ts';
import { freePort, startTestServer, type TestServer } from '../helpers/server.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(env: Record<string, string> = {}): Promise<TestServer> {
  const ts = await startTestServer(env);
  servers.push(ts);
  return ts;
}

/** The `ws` WebSocket, remembering every socket it opened so a test can cut one. */
function trackedWebSocket() {
  const sockets: WebSocket[] = [];
  class Tracked extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return { WebSocket: Tracked as unknown as WebSocketConstructor, sockets };
}

const once = <T>(subscribe: (resolve: (value: T) => void) => void) => new Promise<T>(subscribe);

describe('client SDK', () => {
  it('hands achievement frames to its achievement listeners', async () => {
    // Top speed x 200: a first birthday in well under a second.
    const ts = await server({ LIFETICK_TIME_SCALE: '200' });
    const client = await connect(ts.url, await ts.token('sdk-achiever'), {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    const unlocked = once<{ id: string; reward: { diamonds?: number } }>((resolve) =>
      client.on('achievement', resolve),
    );
    await client.command('setSpeed', { level: 5 });
    const achievement = await unlocked;
    expect(achievement.id).toBe('first_birthday');
    expect(
      await client.command('acknowledgeAchievement', { achievementId: achievement.id }),
    ).toBeTruthy();
    client.close();
  });

  it('connects, runs typed commands, and keeps named fields current from updates', async () => {
    const ts = await server();
    const client = await connect(ts.url, await ts.token('sdk-1'), {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    expect(client.playerId).toBe('sdk-1');
    expect(client.fields).toContain('energy');
    expect(typeof client.state.energy).toBe('number');
    const result = await client.command('setSpeed', { level: 5 });
    expect(result).toEqual({ speed: 5 });
    const changed = await once<Record<string, number>>((resolve) =>
      client.on('update', (c) => resolve(c)),
    );
    expect(Object.keys(changed).every((name) => client.fields.includes(name))).toBe(true);
    expect(client.state.speed).toBe(5);
    const state = await client.command('getState', {});
    expect(state.playerId).toBe('sdk-1');
    client.close();
  });

  it('rejects refused commands with a typed error', async () => {
    const ts = await server();
    const client = await connect(ts.url, await ts.token('sdk-2'), {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    const error = await client.command('setSpeed', { level: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifetickError);
    expect((error as LifetickError).code).toBe('INVALID_ARGS');
    const conflict = await client
      .command('answer', { eventId: 'adult.wedding', optionId: 'big' })
      .catch((e: unknown) => e);
    expect((conflict as LifetickError).code).toBe('CONFLICT');
    client.close();
  });

  it('delivers chat replies and events to callbacks', async () => {
    const ts = await server();
    const client = await connect(ts.url, await ts.token('sdk-3'), {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    const npc = client.snapshot!.npcs[0]!;
    const reply = once<{ npcId: number; text: string }>((resolve) =>
      client.on('chat', (npcId, m) => resolve({ npcId, text: m.text })),
    );
    await client.command('talk', { npcId: npc.id, text: 'hello there' });
    expect((await reply).npcId).toBe(npc.id);
    client.close();
  });

  it('refuses a bad token at connect', async () => {
    const ts = await server();
    const error = await connect(ts.url, 'not-a-token', {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifetickError);
    expect((error as LifetickError).code).toBe('UNAUTHORIZED');
  });

  it('reconnects after a dropped connection and resumes the same player', async () => {
    const ts = await server();
    const tracked = trackedWebSocket();
    const client = await connect(ts.url, () => ts.token('sdk-4'), {
      WebSocket: tracked.WebSocket,
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    await client.command('setSpeed', { level: 3 });
    const reconnected = once<number>((resolve) => client.on('reconnect', resolve));
    const dropped = once<number>((resolve) => client.on('disconnect', (code) => resolve(code)));
    tracked.sockets[0]!.terminate();
    expect(await dropped).toBe(1006);
    expect(await reconnected).toBe(1);
    expect(tracked.sockets).toHaveLength(2);
    expect(client.playerId).toBe('sdk-4');
    expect(client.state.speed).toBe(3);
    expect(await client.command('getState', {})).toMatchObject({ playerId: 'sdk-4', speed: 3 });
    client.close();
  });

  it('reconnects with backoff while the server is down, and stops after a replacement (4002)', async () => {
    const port = await freePort();
    const first = await server({ LIFETICK_PORT: String(port) });
    const client = await connect(first.url, () => first.token('sdk-5'), {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    });
    const down = once<number>((resolve) => client.on('disconnect', (code) => resolve(code)));
    await first.server.close();
    expect(await down).toBe(1001);
    // The same port and secret come back: the client finds its way in again.
    const reconnected = once<number>((resolve) => client.on('reconnect', resolve));
    const second = await startTestServer({
      LIFETICK_PORT: String(port),
      LIFETICK_SECRET: first.secret,
    });
    servers.push(second);
    expect(await reconnected).toBeGreaterThanOrEqual(1);
    expect(client.playerId).toBe('sdk-5');

    const replaced = once<number>((resolve) => client.on('disconnect', (code) => resolve(code)));
    const other = await connect(second.url, await second.token('sdk-5'), {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    expect(await replaced).toBe(4002);
    expect(client.connected).toBe(false);
    const error = await client.command('getState', {}).catch((e: unknown) => e);
    expect((error as LifetickError).code).toBe('DISCONNECTED');
    other.close();
    client.close();
  });
});
