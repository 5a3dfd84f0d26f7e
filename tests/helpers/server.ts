import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig as loadSourceConfig } from '../../src/config.ts';
import { mintPlayerToken, secretKey } from '../../src/server/auth.ts';
import { LifetickServer, type ServerOptions } from '../../src/server/server.ts';
import { builtServerModules, type ServerModules, TEST_SERVER_BUILD } from './server-build.ts';

export interface TestServer {
  readonly server: LifetickServer;
  readonly url: string;
  readonly http: string;
  readonly secret: string;
  readonly dataDir: string;
  token(playerId: string, ttlSeconds?: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real server on an ephemeral port of 127.0.0.1, with its own data dir and
 * secret (unless `env` sets LIFETICK_SECRET: servers of one fleet share it).
 * `options` are the server's own (a fleet test passes an ownership).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: ServerOptions = {},
): Promise<TestServer> {
  // A data dir passed in belongs to the caller (a restart test reuses it).
  const ownDir = env.LIFETICK_DATA_DIR === undefined;
  const dataDir = env.LIFETICK_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'lifetick-test-'));
  const secret = randomBytes(24).toString('base64url');
  const built: ServerModules =
    TEST_SERVER_BUILD === 'dist'
      ? await builtServerModules()
      : { LifetickServer, loadConfig: loadSourceConfig };
  const config = built.loadConfig({
    LIFETICK_PORT: '0',
    LIFETICK_HOST: '127.0.0.1',
    LIFETICK_DATA_DIR: dataDir,
    LIFETICK_SECRET: secret,
    LIFETICK_LOG_LEVEL: 'silent',
    LIFETICK_WORKERS: '1',
    LIFETICK_CAPACITY: '1024',
    // Most tests want a newborn's clock running from the first tick; the
    // tutorial's question would pause it. Tests of the tutorial turn it on.
    LIFETICK_TUTORIAL: 'off',
    // Every test client connects from 127.0.0.1; tests of the limit set their own.
    LIFETICK_MAX_CONNECTIONS_PER_IP: '100000',
    // Production refuses to start selling diamond packs without a store
    // verifier; a production test that configures none sells none.
    ...(env.LIFETICK_ENV === 'production' && !sellsThroughAStore(env)
      ? { LIFETICK_IN_APP_PURCHASES: 'off' }
      : {}),
    ...env,
  });
  const server = await built.LifetickServer.start(config, options);
  const key = config.secret ?? secret;
  return {
    server,
    url: `ws://127.0.0.1:${server.port}/ws`,
    http: `http://127.0.0.1:${server.port}`,
    secret: key,
    dataDir,
    token: (playerId, ttlSeconds = 3600) => mintPlayerToken(playerId, secretKey(key), ttlSeconds),
    async close() {
      await server.close();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Whether a test's settings say anything about in-app purchases or a store. */
function sellsThroughAStore(env: Record<string, string>): boolean {
  return Object.keys(env).some(
    (k) => k === 'LIFETICK_IN_APP_PURCHASES' || /^LIFETICK_(APPLE|GOOGLE)_/.test(k),
  );
}

/**
 * A port that was free a moment ago. A server restarted on the same port
 * needs to have bound it by number the first time: uWebSockets.js sets
 * SO_REUSEADDR only for explicit ports, and without it the first server's
 * closed connections (TIME_WAIT) would block the second bind.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
