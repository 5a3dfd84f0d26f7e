import { encode } from '@msgpack/msgpack';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretKey } from '../../src/server/auth.ts';
import { type Frame, RawClient } from '../helpers/raw-client.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.close();
});

let players = 0;
/** A connected, welcomed client for a fresh player. */
async function player(prefix = 'p'): Promise<{ client: RawClient; welcome: Frame; id: string }> {
  const id = `${prefix}-${++players}`;
  const client = await RawClient.open(ts.url);
  const welcome = await client.hello(await ts.token(id));
  expect(welcome.t).toBe('welcome');
  return { client, welcome, id };
}

function expectError(frame: Frame, code: string, id?: number): void {
  expect(frame).toMatchObject({ t: 'error', code });
  expect(typeof frame.message).toBe('string');
  if (id !== undefined) expect(frame.id).toBe(id);
}

describe('handshake', () => {
  it('answers hello with welcome: fields by name, the full state, tick rate and server time', async () => {
    const { client, welcome, id } = await player();
    expect(welcome).toMatchObject({ t: 'welcome', v: 1, playerId: id, tickHz: 20 });
    const fields = welcome.fields as string[];
    for (const name of [
      'minuteOfDay',
      'dayOfYear',
      'year',
      'ageDays',
      'energy',
      'money',
      'happiness',
      'health',
      'speed',
    ]) {
      expect(fields).toContain(name);
    }
    const state = welcome.state as Record<string, unknown>;
    for (const name of fields) expect(typeof state[name], name).toBe('number');
    expect(state.playerId).toBe(id);
    expect(Array.isArray(state.npcs)).toBe(true);
    expect(Math.abs((welcome.serverTime as number) - Date.now())).toBeLessThan(60_000);
    client.close();
  });

  it.each([
    [
      'expired',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
          .sign(secretKey(ts.secret)),
    ],
    [
      'signed with another secret',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .setExpirationTime('1h')
          .sign(secretKey('another-secret-of-enough-length')),
    ],
    [
      'without exp',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('x')
          .sign(secretKey(ts.secret)),
    ],
    [
      'HS512 instead of HS256',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS512' })
          .setSubject('x')
          .setExpirationTime('1h')
          .sign(secretKey(ts.secret)),
    ],
    [
      'unsigned (alg none)',
      async () => {
        const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
      },
    ],
    [
      'with a bad player id',
      async () =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256' })
          .setSubject('no spaces!')
          .setExpirationTime('1h')
          .sign(secretKey(ts.secret)),
    ],
    ['not a JWT at all', async () => 'hello'],
  ])('refuses a token %s: UNAUTHORIZED, then close 4001', async (_name, make) => {
    const client = await RawClient.open(ts.url);
    client.send({ t: 'hello', v: 1, token: await make() });
    expectError(await client.next(), 'UNAUTHORIZED');
    expect((await client.closed).code).toBe(4001);
  });

  it('refuses another protocol version: BAD_VERSION, then close 4001', async () => {
    const client = await RawClient.open(ts.url);
    client.send({ t: 'hello', v: 2, token: await ts.token('v2') });
    expectError(await client.next(), 'BAD_VERSION');
    expect((await client.closed).code).toBe(4001);
  });

  it('closes 4001 when no hello comes within 5 s', async () => {
    const client = await RawClient.open(ts.url);
    const started = Date.now();
    expect((await client.closed).code).toBe(4001);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
  });

  it('refuses commands before welcome without closing', async () => {
    const client = await RawClient.open(ts.url);
    client.send({ t: 'cmd', id: 7, name: 'getState', args: {} });
    expectError(await client.next(), 'UNAUTHORIZED', 7);
    const welcome = await client.hello(await ts.token('early-bird'));
    expect(welcome.t).toBe('welcome');
    client.close();
  });

  it('a second connection for the same player replaces the first (4002); the life goes on', async () => {
    const { client: first, id } = await player('dup');
    expect((await first.command(1, 'setSpeed', { level: 4 })).t).toBe('ack');
    const before = (await first.command(2, 'getState')).result as Record<string, number>;
    const second = await RawClient.open(ts.url);
    const welcome = await second.hello(await ts.token(id));
    expect((await first.closed).code).toBe(4002);
    const state = welcome.state as Record<string, number>;
    expect(state.speed).toBe(4);
    expect(state.ageDays! * 1440 + state.minuteOfDay!).toBeGreaterThanOrEqual(
      before.ageDays! * 1440 + before.minuteOfDay!,
    );
    expect((await second.command(3, 'getState')).t).toBe('ack');
    second.close();
  });
});

describe('frames', () => {
  it.each([
    ['a text frame', (c: RawClient) => c.sendBytes(Buffer.from('{"t":"cmd"}'), false)],
    ['bytes that are not MessagePack', (c: RawClient) => c.sendBytes(Buffer.from([0xc1]))],
    ['a truncated map', (c: RawClient) => c.sendBytes(Buffer.from([0x82, 0xa1, 0x74]))],
    ['an array', (c: RawClient) => c.send([1, 2, 3])],
    ['a number', (c: RawClient) => c.send(42)],
    ['a map without t', (c: RawClient) => c.send({ id: 3 })],
    [
      'a timestamp extension',
      (c: RawClient) => c.send({ t: 'cmd', id: 1, name: 'getState', args: { at: new Date() } }),
    ],
    ['an unknown frame type', (c: RawClient) => c.send({ t: 'dance' })],
  ])('answers %s with BAD_FRAME and keeps the connection', async (_name, send) => {
    const { client } = await player('bad');
    send(client);
    expectError(await client.next((f) => f.t === 'error'), 'BAD_FRAME');
    expect((await client.command(99, 'getState')).t).toBe('ack');
    client.close();
  });

  it('echoes the id of a frame it could read that far', async () => {
    const { client } = await player('id');
    client.send({ t: 'cmd', id: 12, name: 42 });
    expectError(await client.next((f) => f.t === 'error'), 'BAD_FRAME', 12);
    client.close();
  });

  it('closes 1009 on a frame over 16 KiB', async () => {
    const { client } = await player('big');
    client.send({ t: 'cmd', id: 1, name: 'talk', args: { npcId: 0, text: 'x'.repeat(17 * 1024) } });
    expect((await client.closed).code).toBe(1009);
  });

  it('a frame far past the limit is cut off by the transport', async () => {
    const { client } = await player('huge');
    client.sendBytes(Buffer.alloc(200 * 1024, 0x90));
    expect([1006, 1009]).toContain((await client.closed).code);
  });

  it('closes 4000 after many bad frames in a short time', async () => {
    const { client } = await player('abuse');
    for (let i = 0; i < 30; i++) client.sendBytes(Buffer.from([0xc1]));
    expect((await client.closed).code).toBe(4000);
  });
});

describe('commands', () => {
  it('acks after applying: setSpeed, then getState sees it', async () => {
    const { client } = await player();
    expect(await client.command(1, 'setSpeed', { level: 0 })).toMatchObject({
      t: 'ack',
      id: 1,
      result: { speed: 0 },
    });
    const state = (await client.command(2, 'getState')).result as Record<string, number>;
    expect(state.speed).toBe(0);
    client.close();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'dance', ''])(
    'refuses the command name %j with UNKNOWN_COMMAND',
    async (name) => {
      const { client } = await player('hostile');
      const reply = await client.command(5, name);
      if (name === '') expectError(reply, 'BAD_FRAME', 5);
      else expectError(reply, 'UNKNOWN_COMMAND', 5);
      expect(Object.prototype).not.toHaveProperty('polluted');
      client.close();
    },
  );

  it('refuses bad arguments with INVALID_ARGS and changes nothing', async () => {
    const { client } = await player('args');
    const before = (await client.command(1, 'getState')).result as Record<string, number>;
    for (const [i, args] of [
      { level: 9 },
      { level: 'fast' },
      { level: 1, extra: true },
      [],
      'x',
      { __proto__: { level: 1 } },
    ].entries()) {
      expectError(await client.command(10 + i, 'setSpeed', args), 'INVALID_ARGS', 10 + i);
    }
    expectError(await client.command(30, 'talk', { npcId: 0, text: '' }), 'INVALID_ARGS', 30);
    const after = (await client.command(2, 'getState')).result as Record<string, number>;
    expect(after.speed).toBe(before.speed);
    client.close();
  });

  it('answer: NOT_FOUND for an unknown event, CONFLICT when it is not pending', async () => {
    const { client } = await player('answer');
    expectError(
      await client.command(1, 'answer', { eventId: 'no.such.event', optionId: 'a' }),
      'NOT_FOUND',
      1,
    );
    expectError(
      await client.command(2, 'answer', { eventId: 'adult.wedding', optionId: 'big' }),
      'CONFLICT',
      2,
    );
    client.close();
  });

  it('talk: acked at once, the NPC replies later in a chat frame; NOT_FOUND for nobody; INSUFFICIENT_FUNDS without energy', async () => {
    const { client, welcome } = await player('talk');
    const npcs = (welcome.state as { npcs: { id: number }[] }).npcs;
    expect(await client.command(1, 'talk', { npcId: npcs[0]!.id, text: 'hi!' })).toMatchObject({
      t: 'ack',
      result: { queued: true },
    });
    const chat = await client.next((f) => f.t === 'chat');
    expect(chat).toMatchObject({ npcId: npcs[0]!.id, message: { from: 'npc' } });
    expect(typeof (chat.message as { text: string }).text).toBe('string');
    expectError(await client.command(2, 'talk', { npcId: 7, text: 'anyone?' }), 'NOT_FOUND', 2);
    let id = 10;
    let reply: Frame;
    do reply = await client.command(id++, 'talk', { npcId: npcs[0]!.id, text: `line ${id}` });
    while (reply.t === 'ack' && id < 40);
    expectError(reply, 'INSUFFICIENT_FUNDS');
    client.close();
  });

  it('rate limits each connection: RATE_LIMITED with the id, then close 4003 on abuse', async () => {
    const { client } = await player('flood');
    const started = performance.now();
    for (let i = 0; i < 200; i++)
      client.send({ t: 'cmd', id: 1000 + i, name: 'getState', args: {} });
    const limited = await client.next((f) => f.t === 'error' && f.code === 'RATE_LIMITED');
    expect(typeof limited.id).toBe('number');
    expect((await client.closed).code).toBe(4003);
    const elapsedSeconds = (performance.now() - started) / 1000;
    const acked = client.frames.filter((f) => f.t === 'ack').map((f) => f.id as number);
    // The bucket (burst 60, 30 a second) was full but for hello's token: the
    // first 59 commands pass whatever the timing. After that only refill
    // passes, and no more than the flood's own duration can have earned.
    expect(acked.slice(0, 59)).toEqual(Array.from({ length: 59 }, (_, i) => 1000 + i));
    expect(acked.length).toBeLessThanOrEqual(60 + Math.floor(30 * elapsedSeconds));
    // Every refusal but the one that closes is answered (50 strikes a window).
    expect(client.frames.filter((f) => f.t === 'error' && f.code === 'RATE_LIMITED')).toHaveLength(
      50,
    );
  });
});

describe('http', () => {
  it('serves /health, /metrics and /stats', async () => {
    const { client } = await player('http');
    const health = await fetch(`${ts.http}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const metrics = await (await fetch(`${ts.http}/metrics`)).text();
    for (const name of [
      'lifetick_tick_duration_seconds',
      'lifetick_players_resident',
      'lifetick_players_connected',
      'lifetick_frames_in_total',
      'lifetick_bytes_out_total',
      'lifetick_errors_total',
      'lifetick_rate_limited_total',
      'lifetick_redirects_total',
      'lifetick_nodejs_eventloop_lag_seconds',
    ]) {
      expect(metrics).toContain(name);
    }
    const stats = (await (await fetch(`${ts.http}/stats`)).json()) as {
      players: { resident: number };
    };
    expect(stats.players.resident).toBeGreaterThan(0);
    expect((await fetch(`${ts.http}/nope`)).status).toBe(404);
    client.close();
  });
});

describe('wire format', () => {
  it('frames decode with another MessagePack library and carry no extension types', async () => {
    const { client } = await player('wire');
    await client.command(1, 'getState');
    client.sendBytes(encode({ t: 'cmd', id: 2, name: 'setSpeed', args: { level: 3 } }));
    await client.reply(2);
    const json = JSON.stringify(client.frames);
    expect(json).not.toContain('"type":');
    for (const f of client.frames) expect(typeof f.t).toBe('string');
    client.close();
  });
});
