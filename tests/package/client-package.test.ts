import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  gameProject,
  importedSpecifiers,
  packClient,
  play,
  typecheckConsumer,
} from './packed-client.ts';

/**
 * lifetick-client as a game gets it: packed with `npm pack`, installed by
 * `npm install` into a new project outside the repository, and used from
 * there by name against a real server.
 */
let tarball: string;
let game: string;
let ts: TestServer;

beforeAll(async () => {
  [tarball, ts] = await Promise.all([packClient(), startTestServer()]);
  game = await gameProject(tarball);
}, 240_000);

afterAll(async () => {
  await ts?.close();
  if (game) rmSync(game, { recursive: true, force: true });
  if (tarball) rmSync(path.dirname(tarball), { recursive: true, force: true });
});

describe('the packed lifetick-client', () => {
  it('imports only its own modules, msgpackr and zod: nothing from node:*', () => {
    const specifiers = importedSpecifiers(path.join(game, 'node_modules/lifetick-client/dist'));
    expect(specifiers.length).toBeGreaterThan(0);
    const foreign = specifiers.filter((s) => !s.startsWith('./') && !s.startsWith('../'));
    expect(new Set(foreign)).toEqual(new Set(['msgpackr', 'zod']));
  });

  it('plays from outside the repository: hello, setSpeed, a typed result, a refusal, a reconnect', async () => {
    const steps = await play(game, ts.url, await ts.token('packed-1'));
    expect(steps.get('welcome')).toMatchObject({
      playerId: 'packed-1',
      version: 1,
      hasEnergy: true,
      welcomeType: 'welcome',
    });
    expect(steps.get('setSpeed')).toMatchObject({ result: { speed: 2 } });
    expect(steps.get('getState')).toMatchObject({ playerId: 'packed-1', speed: 2 });
    expect(steps.get('refused')).toMatchObject({
      isLifetickError: true,
      code: 'INVALID_ARGS',
      known: true,
    });
    expect(steps.get('codec')).toMatchObject({
      roundTrip: { t: 'cmd', id: 7, name: 'getState' },
    });
    // 1006: the socket was cut, not closed; the client came back by itself.
    expect(steps.get('reconnect')).toMatchObject({
      closeCode: 1006,
      attempt: 1,
      sockets: 2,
      playerId: 'packed-1',
      speed: 2,
    });
  });

  it('types a game against its .d.ts alone: command names, arguments and results', async () => {
    // Rejects (with tsc's messages) on any type error, including an
    // expected error that did not come: a wrong argument must be one.
    await expect(typecheckConsumer(game)).resolves.toBeDefined();
  });
});
