import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // PGlite takes 2–4 s to start on a busy 2-core machine; store tests open one per block.
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // One throwaway PostgreSQL for the run: the store tests run on it and on PGlite.
          globalSetup: ['src/store/test-support/postgres-server.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['web/e2e/**/*.test.ts'],
          // One built server (`node bin/sanchong.js serve` on a fresh PGlite with the demo region)
          // for the browser tests; they run one file at a time, each with its own Chromium.
          globalSetup: ['web/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
