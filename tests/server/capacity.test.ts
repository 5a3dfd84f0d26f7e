import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ LIFETICK_CAPACITY: '2', LIFETICK_MAX_PLAYERS: '2' });
});
afterAll(async () => {
  await ts.close();
});

describe('a full server', () => {
  it('refuses a new player with INTERNAL and close 4001, and keeps serving the others', async () => {
    const clients: RawClient[] = [];
    for (const id of ['a', 'b']) {
      const c = await RawClient.open(ts.url);
      expect((await c.hello(await ts.token(id))).t).toBe('welcome');
      clients.push(c);
    }
    const third = await RawClient.open(ts.url);
    const refused = await third.hello(await ts.token('c'));
    expect(refused).toMatchObject({
      t: 'error',
      code: 'INTERNAL',
      message: 'server is full; try again later',
    });
    expect((await third.closed).code).toBe(4001);
    expect((await clients[0]!.command(1, 'getState')).t).toBe('ack');
    for (const c of clients) c.close();
  });
});
