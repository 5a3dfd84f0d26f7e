import { encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** Open a connection from `localAddress` (any 127.x.y.z reaches the server on loopback). */
const from = (ts: TestServer, localAddress: string) => RawClient.open(ts.url, { localAddress });

const isError = (code: string) => (f: Frame) => f.t === 'error' && f.code === code;

describe('connection limits', () => {
  let ts: TestServer;
  const open: RawClient[] = [];
  beforeAll(async () => {
    ts = await startTestServer({
      LIFETICK_MAX_CONNECTIONS: '4',
      LIFETICK_MAX_CONNECTIONS_PER_IP: '3',
    });
  });
  afterAll(async () => {
    for (const c of open) c.terminate();
    await ts.close();
  });

  it('closes 1013 past the limit per address and in total, and admits again once one leaves', async () => {
    for (let i = 0; i < 3; i++) open.push(await from(ts, '127.0.0.1'));
    const fourth = await from(ts, '127.0.0.1');
    expect(await fourth.closed).toEqual({
      code: 1013,
      reason: 'too many connections from your address',
    });

    // Another address still gets in, up to the total of 4.
    const other = await from(ts, '127.0.0.2');
    open.push(other);
    const third = await from(ts, '127.0.0.3');
    expect(await third.closed).toEqual({ code: 1013, reason: 'server is at its connection limit' });

    // One leaves: its place is free again, and the newcomer plays.
    const leaving = open.shift()!;
    leaving.close();
    await leaving.closed;
    const again = await from(ts, '127.0.0.1');
    open.push(again);
    expect((await again.hello(await ts.token('limits-1'))).t).toBe('welcome');
    // The ones turned away never counted: still full.
    const full = await from(ts, '127.0.0.4');
    expect((await full.closed).code).toBe(1013);
  });
});

describe('before welcome', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.close();
  });

  it('closes 1009 on a frame over 2 KiB before welcome', async () => {
    const client = await RawClient.open(ts.url);
    client.send({ t: 'hello', v: 1, token: 'x'.repeat(2100) });
    expect(await client.closed).toEqual({ code: 1009, reason: 'frame too large before welcome' });
  });

  it('refuses a command with its id, anything but hello, and nested hellos, then takes a good hello', async () => {
    const client = await RawClient.open(ts.url);
    client.send({ t: 'cmd', id: 7, name: 'getState', args: {} });
    expect(await client.next(isError('UNAUTHORIZED'))).toMatchObject({ id: 7 });
    client.send({ t: 'dance', id: 8 });
    expect(await client.next(isError('BAD_FRAME'))).toMatchObject({
      id: 8,
      message: 'before welcome only hello is read',
    });
    client.send({ t: 'hello', v: 1, token: [[['x']]] });
    expect(await client.next(isError('BAD_FRAME'))).toMatchObject({
      message: 'nested deeper than 2',
    });
    client.sendBytes(encode({ t: 'hello', v: 1, token: Array(20).fill(0) }));
    expect(await client.next(isError('BAD_FRAME'))).toMatchObject({
      message: 'frame holds more than 16 values',
    });
    expect((await client.hello(await ts.token('early'))).t).toBe('welcome');
    // After welcome the full limits apply: a 4 KiB command is read.
    const reply = await client.command(9, 'talk', { npcId: 0, text: 'y'.repeat(4000) });
    expect(reply).toMatchObject({ t: 'error', id: 9, code: 'INVALID_ARGS' });
    client.close();
  });
});

describe('token expiry', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer();
  });
  afterAll(async () => {
    await ts.close();
  });

  it('closes the session with 4001 when its token expires, after an UNAUTHORIZED error', async () => {
    const client = await RawClient.open(ts.url);
    // exp is in whole seconds: this token expires 1 to 2 s from now.
    const welcome = await client.hello(await ts.token('short-lived', 2));
    expect(welcome.t).toBe('welcome');
    expect(await client.closed).toEqual({ code: 4001, reason: 'token expired' });
    expect(client.frames.at(-1)).toMatchObject({
      t: 'error',
      code: 'UNAUTHORIZED',
      message: 'token expired; connect again with a new one',
    });
  });
});
