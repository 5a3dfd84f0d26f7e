import { existsSync } from 'node:fs';
import type * as ConfigModule from '../../src/config.ts';
import type * as ServerModule from '../../src/server/server.ts';

/**
 * Which server the tests start: the TypeScript sources (default), or the
 * compiled dist/ of `npm run build` when LIFETICK_TEST_SERVER=dist (`npm
 * run test:built`, vitest.built.config.ts), so the built server passes the
 * same protocol tests as the source one.
 */
export const TEST_SERVER_BUILD: 'src' | 'dist' =
  process.env.LIFETICK_TEST_SERVER === 'dist' ? 'dist' : 'src';

const root = new URL('../../', import.meta.url);

/** The built entry `npm run start:prod` runs, relative to the repository root. */
export const BUILT_START = 'dist/src/cli/start.js';

/** The modules startTestServer() runs a server with, from the build under test. */
export interface ServerModules {
  readonly LifetickServer: typeof ServerModule.LifetickServer;
  readonly loadConfig: typeof ConfigModule.loadConfig;
}

let built: Promise<ServerModules> | undefined;

/**
 * The built modules, loaded by Node itself (vitest.built.config.ts leaves
 * dist/ to Node's loader), so its worker threads load dist/workers/*.js as
 * production does.
 */
export function builtServerModules(): Promise<ServerModules> {
  built ??= (async () => {
    const server = new URL('dist/src/server/server.js', root);
    if (!existsSync(server)) throw new Error('no dist/: run `npm run build` before test:built');
    const [serverModule, configModule] = await Promise.all([
      import(server.href) as Promise<typeof ServerModule>,
      import(new URL('dist/src/config.js', root).href) as Promise<typeof ConfigModule>,
    ]);
    return { LifetickServer: serverModule.LifetickServer, loadConfig: configModule.loadConfig };
  })();
  return built;
}
