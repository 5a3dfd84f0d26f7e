import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { type ChildServer, killHard, spawnServer } from '../helpers/child-server.ts';
import { RawClient } from '../helpers/raw-client.ts';
import { readSqlitePlayers } from '../helpers/saved-players.ts';

const servers: ChildServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await killHard(s);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('an unhandled rejection in the server process', () => {
  it('is logged, every player is saved, and the process exits non-zero', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lifetick-fatal-'));
    dirs.push(dir);
    const secret = randomBytes(24).toString('base64url');
    const env = {
      LIFETICK_DATA_DIR: dir,
      LIFETICK_SECRET: secret,
      // No periodic flush during the test: the change can only reach the
      // database through the save the handler makes on its way out.
      LIFETICK_FLUSH_MS: '600000',
    };
    const server = await spawnServer(env, 30_000, 'tests/fixtures/rejecting-server.ts');
    servers.push(server);
    const client = await RawClient.open(server.url);
    const token = await mintPlayerToken('doomed', secretKey(secret), 3600);
    expect((await client.hello(token)).t).toBe('welcome');
    expect(await client.command(1, 'setSpeed', { level: 4 })).toMatchObject({ t: 'ack' });
    expect(
      await client.command(2, 'characterSetup', {
        firstName: 'Ada',
        lastName: 'Byron',
        sex: 'female',
      }),
    ).toMatchObject({ t: 'ack' });

    server.child.kill('SIGUSR2');
    const exit = await server.exited;
    expect(exit.code).toBe(1);
    expect((await client.closed).code).toBe(1001);
    expect(server.logged('unexpected error: saving players and exiting')).toMatchObject([
      { kind: 'unhandledRejection', err: { message: 'rejection provoked by the test' } },
    ]);

    // The acknowledged change is in the database...
    const saved = readSqlitePlayers(path.join(dir, 'lifetick.db'));
    expect(saved.integrity).toBe('ok');
    expect(saved.players.get('doomed')?.fields.speed).toBe(4);

    // ...and the next server picks up where the player left.
    const next = await spawnServer(env);
    servers.push(next);
    const back = await RawClient.open(next.url);
    const welcome = await back.hello(token);
    expect(welcome.state).toMatchObject({ speed: 4, profile: { firstName: 'Ada' } });
    back.close();
  });
});
