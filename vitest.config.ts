import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    // PGlite takes 2–4 s to start on a busy 2-core machine; store tests open one per block.
    hookTimeout: 60_000,
    pool: 'forks',
    // One throwaway PostgreSQL for the run: the store tests run on it and on PGlite.
    globalSetup: ['src/store/test-support/postgres-server.ts'],
  },
});
