import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * `npm run test:built` (after `npm run build`): a representative subset of
 * the protocol tests against the compiled server in dist/, run as
 * production runs it. tests/helpers/server-build.ts picks dist/ when
 * LIFETICK_TEST_SERVER=dist; the child-process tests start `node
 * dist/src/cli/start.js` with no TypeScript loader.
 */
export default defineConfig({
  ...base,
  test: {
    // Spread, not mergeConfig: that would add these to the base include (the whole suite).
    ...base.test,
    include: [
      'tests/server/protocol.test.ts',
      'tests/server/hostile-frames.test.ts',
      'tests/protocol/client.test.ts',
      'tests/cli/production.test.ts',
    ],
    env: { LIFETICK_TEST_SERVER: 'dist' },
    // Node's own loader imports dist/ (not vitest's transform), so the
    // built modules and their worker threads run exactly as in production.
    server: { deps: { external: [/\/dist\//] } },
  },
});
