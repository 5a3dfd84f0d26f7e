import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests start real worker pools; a generous timeout leaves room for a
    // loaded 2-core machine without hiding a hang (the engine never waits forever).
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: run test files one or two at a time so the worker-pool tests
    // are not starved into timing out.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
