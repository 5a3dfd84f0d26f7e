import { Packr, Unpackr } from 'msgpackr';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { connect, type WebSocketConstructor } from '../../protocol/client.ts';
import { ClientFrameType, ServerFrameType } from '../../protocol/frame-types.ts';
import { clientFrame, type ServerFrame, serverFrame } from '../../protocol/frames.ts';
import { isServerFrame } from '../../protocol/server-frame-guard.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';

/** Writes integer map keys as integers, as the server's codec does. */
const packr = new Packr({ useRecords: false, variableMapSize: true, mapsAsObjects: false });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true });

describe('frame types', () => {
  it('name exactly the tags of the frame unions', () => {
    const tags = (union: { options: readonly { shape: { t: { value: string } } }[] }) =>
      union.options.map((o) => o.shape.t.value).sort();
    expect(tags(serverFrame)).toEqual(Object.values(ServerFrameType).sort());
    expect(tags(clientFrame)).toEqual(Object.values(ClientFrameType).sort());
  });

  it('recognise a server frame by its tag alone', () => {
    expect(isServerFrame({ t: 'update', tick: 1, d: {} })).toBe(true);
    expect(isServerFrame({ t: 'redirect', url: 'ws://elsewhere/ws' })).toBe(true);
    expect(isServerFrame({ t: 'teleport', url: 'ws://elsewhere/ws' })).toBe(false);
    expect(isServerFrame({ t: 'toString' })).toBe(false);
    expect(isServerFrame({ t: 7 })).toBe(false);
    expect(isServerFrame(['update'])).toBe(false);
    expect(isServerFrame(null)).toBe(false);
    expect(isServerFrame('update')).toBe(false);
  });
});

describe('the SDK reading a scripted server', () => {
  let wss: WebSocketServer | undefined;
  afterEach(async () => {
    for (const socket of wss?.clients ?? []) socket.terminate();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
    wss = undefined;
  });

  // Untyped: a snapshot's index signature (any field name is a number)
  // cannot be written as a literal beside its named parts.
  const welcome = {
    t: 'welcome',
    v: PROTOCOL_VERSION,
    playerId: 'scripted',
    tickHz: 20,
    fields: ['energy', 'money'],
    state: {
      playerId: 'scripted',
      npcs: [],
      pending: null,
      conversations: [],
      profile: null,
      claimable: [],
      deletion: null,
      energy: 50,
      money: 10,
    },
    serverTime: 0,
    speeds: [0, 5],
  };

  it('ignores frame types it does not know and reads update keys as field ids', async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss!.once('listening', () => resolve()));
    const { port } = wss.address() as { port: number };
    wss.on('connection', (socket) => {
      socket.on('message', (data: Buffer) => {
        const frame = unpackr.unpack(data) as { t: string; id?: number };
        if (frame.t === 'hello') {
          socket.send(packr.pack(welcome));
          return;
        }
        // A frame type from a later server, something that is no frame, an
        // update, then the command's answer.
        const update: ServerFrame = { t: 'update', tick: 3, d: new Map([[1, 99]]) };
        const ack: ServerFrame = { t: 'ack', id: frame.id ?? 0, result: { speed: 1 } };
        socket.send(packr.pack({ t: 'redirect', url: 'ws://elsewhere/ws' }));
        socket.send(packr.pack('not a map'));
        socket.send(packr.pack(update));
        socket.send(packr.pack(ack));
      });
    });
    const client = await connect(`ws://127.0.0.1:${port}`, 'token', {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      reconnect: false,
    });
    const changed = new Promise<{ fields: Record<string, number>; tick: number }>((resolve) =>
      client.on('update', (fields, tick) => resolve({ fields, tick })),
    );
    expect(await client.command('setSpeed', { level: 1 })).toEqual({ speed: 1 });
    expect(await changed).toEqual({ fields: { money: 99 }, tick: 3 });
    expect(client.state).toEqual({ energy: 50, money: 99 });
    client.close();
  });
});
