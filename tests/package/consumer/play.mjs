// A game's Node script, run by tests/package/client-package.test.ts from a
// fresh project outside the repository where the packed lifetick-client is
// installed: it knows the package only by name. Prints one JSON line per
// step; exits non-zero on any failure.
import {
  connect,
  ErrorCode,
  LifetickError,
  PROTOCOL_VERSION,
  ServerFrameType,
} from 'lifetick-client';
import { decodeFrame, encodeFrame } from 'lifetick-client/codec';
import WebSocket from 'ws';

const [url, token] = process.argv.slice(2);
const report = (step, value) => console.log(JSON.stringify({ step, ...value }));

// The ws WebSocket (Node 20 has none built in), remembering its sockets so
// the script can cut one and watch the client come back by itself.
const sockets = [];
class TrackedWebSocket extends WebSocket {
  constructor(address) {
    super(address);
    sockets.push(this);
  }
}

const client = await connect(url, token, {
  WebSocket: TrackedWebSocket,
  reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
});
report('welcome', {
  playerId: client.playerId,
  version: PROTOCOL_VERSION,
  hasEnergy: client.fields.includes('energy'),
  welcomeType: ServerFrameType.welcome,
});

report('setSpeed', { result: await client.command('setSpeed', { level: 2 }) });

const state = await client.command('getState', {});
report('getState', { playerId: state.playerId, speed: state.speed });

const refused = await client.command('setSpeed', { level: 9 }).catch((error) => error);
report('refused', {
  isLifetickError: refused instanceof LifetickError,
  code: refused.code,
  known: refused.code === ErrorCode.INVALID_ARGS,
});

report('codec', { roundTrip: decodeFrame(encodeFrame({ t: 'cmd', id: 7, name: 'getState' })) });

const disconnected = new Promise((resolve) => client.on('disconnect', resolve));
const reconnected = new Promise((resolve) => client.on('reconnect', resolve));
sockets[0].terminate();
const closeCode = await disconnected;
const attempt = await reconnected;
const after = await client.command('getState', {});
report('reconnect', {
  closeCode,
  attempt,
  sockets: sockets.length,
  playerId: after.playerId,
  speed: client.state.speed,
});

client.close();
