/**
 * The SDK when a redirect names a process that is gone: an owner killed a
 * moment ago is still named by the others until its lease runs out. The
 * client starts over from its first URL after a growing wait instead of
 * failing the game's connect().
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  connect,
  LifetickError,
  type Redirect,
  type WebSocketConstructor,
} from '../../protocol/client.ts';
import { MAX_DEAD_END_RETRIES } from '../../protocol/redirects.ts';
import { place, ScriptedOwnership } from '../helpers/ownership.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const ws = WebSocket as unknown as WebSocketConstructor;

/** A ws:// URL on 127.0.0.1 where nothing listens (a port taken, then let go). */
async function deadUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `ws://127.0.0.1:${port}/ws`;
}

describe('client SDK: a redirect to a process that is gone', () => {
  it('starts over from the first URL and is welcomed once the shard has a live owner', async () => {
    const ownership = new ScriptedOwnership();
    const a = await startTestServer({}, { ownership });
    servers.push(a);
    const dead = await deadUrl();
    const redirects: Redirect[] = [];
    // The dead owner is named twice (its lease still runs), then this process owns the player.
    ownership.set((id) => (redirects.length < 2 ? place.elsewhere(id, dead) : place.here(id)));
    const client = await connect(a.url, await a.token('orphan-1'), {
      WebSocket: ws,
      onRedirect: (to) => redirects.push(to),
    });
    expect(client.playerId).toBe('orphan-1');
    expect(redirects).toEqual([
      { url: dead, retryAfterMs: undefined },
      { url: dead, retryAfterMs: undefined },
    ]);
    expect(a.server.players.slotOf('orphan-1')).toBeGreaterThanOrEqual(0);
    expect(await client.command('setSpeed', { level: 2 })).toEqual({ speed: 2 });
    client.close();
  });

  it(`gives up with DISCONNECTED after ${MAX_DEAD_END_RETRIES} starts over`, async () => {
    const ownership = new ScriptedOwnership();
    const a = await startTestServer({}, { ownership });
    servers.push(a);
    const dead = await deadUrl();
    ownership.set((id) => place.elsewhere(id, dead));
    let redirects = 0;
    const error = await connect(a.url, await a.token('orphan-2'), {
      WebSocket: ws,
      onRedirect: () => redirects++,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LifetickError);
    expect((error as LifetickError).code).toBe('DISCONNECTED');
    // The first try and each start over were each sent to the dead owner once.
    expect(redirects).toBe(MAX_DEAD_END_RETRIES + 1);
  }, 30_000);

  it('does not start over when the first URL itself does not answer', async () => {
    const error = await connect(await deadUrl(), 'any-token', { WebSocket: ws }).catch(
      (e: unknown) => e,
    );
    expect((error as LifetickError).code).toBe('DISCONNECTED');
  });
});
