/**
 * The SDK following fleet redirects between two real servers that share a
 * token secret: the game connects to one and plays on the other without
 * noticing, gives up after 3 hops, waits out a moving shard, follows a
 * mid-session move, and refuses to be sent anywhere but ws:// or wss://.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  connect,
  LifetickError,
  type Redirect,
  type WebSocketConstructor,
} from '../../protocol/client.ts';
import { shardOf } from '../../src/kit/shard-of.ts';
import { place, ScriptedOwnership } from '../helpers/ownership.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Two processes of one fleet: each with its own data dir and ownership, one secret. */
async function fleet(): Promise<{
  a: TestServer;
  b: TestServer;
  ownA: ScriptedOwnership;
  ownB: ScriptedOwnership;
}> {
  const secret = randomBytes(24).toString('base64url');
  const ownA = new ScriptedOwnership();
  const ownB = new ScriptedOwnership();
  const a = await startTestServer({ LIFETICK_SECRET: secret }, { ownership: ownA });
  servers.push(a);
  const b = await startTestServer({ LIFETICK_SECRET: secret }, { ownership: ownB });
  servers.push(b);
  return { a, b, ownA, ownB };
}

const ws = WebSocket as unknown as WebSocketConstructor;

describe('client SDK redirects', () => {
  it('connects to A, is sent to B, and plays there with the same token, the game none the wiser', async () => {
    const { a, b, ownA, ownB } = await fleet();
    ownA.set((id) => place.elsewhere(id, b.url));
    const redirects: Redirect[] = [];
    const client = await connect(a.url, await a.token('fleet-1'), {
      WebSocket: ws,
      onRedirect: (to) => redirects.push(to),
    });
    expect(redirects).toEqual([{ url: b.url, retryAfterMs: undefined }]);
    expect(ownA.asks).toBe(1);
    // B serves the player: asked at hello and again just before welcome.
    expect(ownB.asks).toBe(2);
    expect(client.playerId).toBe('fleet-1');
    // Loaded only where it plays.
    expect(b.server.players.slotOf('fleet-1')).toBeGreaterThanOrEqual(0);
    expect(a.server.players.slotOf('fleet-1')).toBe(-1);
    expect(await client.command('setSpeed', { level: 3 })).toEqual({ speed: 3 });
    expect((await client.command('getState', {})).speed).toBe(3);
    const counted = (await a.server.metrics.redirects.get()).values;
    expect(counted).toEqual([expect.objectContaining({ labels: { kind: 'elsewhere' }, value: 1 })]);
    client.close();
  });

  it('gives up with TOO_MANY_REDIRECTS at the fourth redirect in a row', async () => {
    const { a, b, ownA, ownB } = await fleet();
    // Each thinks the other owns the player: A, B, A, B all redirect.
    ownA.set((id) => place.elsewhere(id, b.url));
    ownB.set((id) => place.elsewhere(id, a.url));
    const hops: number[] = [];
    const error = await connect(a.url, await a.token('fleet-loop'), {
      WebSocket: ws,
      onRedirect: (_, hop) => hops.push(hop),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifetickError);
    expect((error as LifetickError).code).toBe('TOO_MANY_REDIRECTS');
    expect(hops).toEqual([1, 2, 3]);
    expect(ownA.asks + ownB.asks).toBe(4);
  });

  it('waits retryAfterMs while the shard moves, then says hello again at the first URL', async () => {
    const { a, ownA } = await fleet();
    // The first answer: moving; once asked, A owns the player.
    ownA.set((id, ask) => (ask === 1 ? place.moving(id, 50) : place.here(id)));
    const redirects: Redirect[] = [];
    const client = await connect(a.url, await a.token('fleet-moving'), {
      WebSocket: ws,
      onRedirect: (to) => redirects.push(to),
    });
    expect(redirects).toEqual([{ url: undefined, retryAfterMs: 50 }]);
    // Moving, then here (asked at hello and again just before welcome).
    expect(ownA.asks).toBe(3);
    expect(client.playerId).toBe('fleet-moving');
    expect(await client.command('setSpeed', { level: 2 })).toEqual({ speed: 2 });
    client.close();
  });

  it('follows a mid-session move to the given URL and keeps the game listening', async () => {
    const { a, b, ownA, ownB } = await fleet();
    ownA.set((id) => place.elsewhere(id, b.url));
    const client = await connect(a.url, await a.token('fleet-mover'), { WebSocket: ws });
    const updates: number[] = [];
    client.on('update', (_, tick) => updates.push(tick));
    const reconnected = new Promise<void>((resolve) => client.on('reconnect', () => resolve()));
    const disconnects: number[] = [];
    client.on('disconnect', (code) => disconnects.push(code));
    await client.command('setSpeed', { level: 4 });

    // B hands the player's shard to A.
    ownA.set(place.here);
    ownB.set((id) => place.elsewhere(id, a.url));
    expect(b.server.redirectShards([shardOf('fleet-mover')], (id) => ownB.placementOf(id))).toBe(1);
    await reconnected;
    expect(disconnects).toEqual([4004]);
    expect(client.connected).toBe(true);
    expect(await client.command('getState', {})).toMatchObject({ playerId: 'fleet-mover' });
    const before = updates.length;
    await client.command('setSpeed', { level: 1 });
    // Updates keep coming, now from A, to the listener added before the move.
    await new Promise<void>((resolve) => {
      const off = client.on('update', () => {
        if (updates.length > before) {
          off();
          resolve();
        }
      });
    });
    expect(client.state.speed).toBe(1);
    client.close();
  });

  it('does not follow a mid-session redirect to http://: it reconnects where it started instead', async () => {
    const { a, b, ownA } = await fleet();
    ownA.set((id) => place.elsewhere(id, b.url));
    const redirects: Redirect[] = [];
    const client = await connect(a.url, await a.token('fleet-lured'), {
      WebSocket: ws,
      reconnect: { initialDelayMs: 10 },
      onRedirect: (to) => redirects.push(to),
    });
    const reconnected = new Promise<void>((resolve) => client.on('reconnect', () => resolve()));
    const lure = (id: string) => place.elsewhere(id, 'http://127.0.0.1:1/ws');
    expect(b.server.redirectShards([shardOf('fleet-lured')], lure)).toBe(1);
    await reconnected;
    // Back through A (where it started), which sends it to B again.
    expect(redirects.map((r) => r.url)).toEqual([b.url, b.url]);
    expect(ownA.asks).toBe(2);
    expect(await client.command('setSpeed', { level: 1 })).toEqual({ speed: 1 });
    client.close();
  });

  it.each(['http://127.0.0.1:1/ws', 'javascript:alert(1)', 'not a url'])(
    'refuses a redirect to %s with BAD_REDIRECT',
    async (url) => {
      const { a, ownA } = await fleet();
      ownA.set((id) => place.elsewhere(id, url));
      const error = await connect(a.url, await a.token('fleet-hostile'), { WebSocket: ws }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(LifetickError);
      expect((error as LifetickError).code).toBe('BAD_REDIRECT');
    },
  );
});
