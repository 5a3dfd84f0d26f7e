/**
 * A mid-session move on the wire (LifetickServer.redirectShards), read with
 * an independent MessagePack library (@msgpack/msgpack, through RawClient).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/kit/shard-of.ts';
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

describe('redirectShards', () => {
  it('sends a connected player of a moved shard the redirect frame, then close 4004', async () => {
    const ownership = new ScriptedOwnership();
    const ts = await serverWith(ownership);
    const client = await rawClient(ts.url);
    expect(await client.hello(await ts.token('wire-live'))).toMatchObject({ t: 'welcome' });
    const moved = ts.server.redirectShards([shardOf('wire-live')], (id) =>
      place.elsewhere(id, ELSEWHERE),
    );
    expect(moved).toBe(1);
    const redirect = await client.next((f) => f.t === 'redirect');
    expect(redirect).toEqual({ t: 'redirect', url: ELSEWHERE });
    expect((await client.closed).code).toBe(4004);
    // The redirect is the last frame the socket carried.
    expect(client.frames.at(-1)).toEqual(redirect);
  });

  it('leaves connected players of other shards, and players still placed here, alone', async () => {
    const ts = await serverWith(new ScriptedOwnership());
    const client = await rawClient(ts.url);
    expect(await client.hello(await ts.token('wire-stays'))).toMatchObject({ t: 'welcome' });
    const shard = shardOf('wire-stays');
    // 4096 shards (kit/shard-of.ts): the next one is another shard.
    const other = (shard + 1) % 4096;
    expect(ts.server.redirectShards([other], (id) => place.elsewhere(id, ELSEWHERE))).toBe(0);
    expect(ts.server.redirectShards([shard], place.here)).toBe(0);
    expect(await client.command(1, 'getState')).toMatchObject({ t: 'ack', id: 1 });
  });
});
