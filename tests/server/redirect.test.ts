/**
 * The fleet redirect on the wire, read with an independent MessagePack
 * library (@msgpack/msgpack, through RawClient): exactly the frame
 * protocol/PROTOCOL.md's Fleet section fixes, then close 4004.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { place, ScriptedOwnership } from '../helpers/ownership.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const servers: TestServer[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serverWith(ownership: ScriptedOwnership): Promise<TestServer> {
  const ts = await startTestServer({}, { ownership });
  servers.push(ts);
  return ts;
}

async function rawClient(url: string): Promise<RawClient> {
  const client = await RawClient.open(url);
  clients.push(client);
  return client;
}

const ELSEWHERE = 'ws://10.0.0.7:8001/ws';

describe('redirect on the wire', () => {
  it('answers hello for a player served elsewhere with {t:"redirect", url} and close 4004', async () => {
    const ownership = new ScriptedOwnership((id) => place.elsewhere(id, ELSEWHERE));
    const ts = await serverWith(ownership);
    const client = await rawClient(ts.url);
    client.send({ t: 'hello', v: 1, token: await ts.token('wire-away') });
    const closed = await client.closed;
    expect(client.frames).toEqual([{ t: 'redirect', url: ELSEWHERE }]);
    expect(closed.code).toBe(4004);
    // Nothing was loaded here for a player served elsewhere.
    expect(ts.server.players.slotOf('wire-away')).toBe(-1);
  });

  it('answers hello while the shard moves with {t:"redirect", retryAfterMs} and no url', async () => {
    const ownership = new ScriptedOwnership((id) => place.moving(id, 250));
    const ts = await serverWith(ownership);
    const client = await rawClient(ts.url);
    client.send({ t: 'hello', v: 1, token: await ts.token('wire-moving') });
    const closed = await client.closed;
    expect(client.frames).toEqual([{ t: 'redirect', retryAfterMs: 250 }]);
    expect(Object.hasOwn(client.frames[0]!, 'url')).toBe(false);
    expect(closed.code).toBe(4004);
  });

  it('checks the token before asking where the player is served', async () => {
    const ownership = new ScriptedOwnership((id) => place.elsewhere(id, ELSEWHERE));
    const ts = await serverWith(ownership);
    const client = await rawClient(ts.url);
    const answer = await client.hello('not-a-token');
    expect(answer).toMatchObject({ t: 'error', code: 'UNAUTHORIZED' });
    expect((await client.closed).code).toBe(4001);
    expect(ownership.asks).toBe(0);
  });
});
