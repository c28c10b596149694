import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    // server/main.ts bundled once for the run: each suite's server starts in half the time
    globalSetup: ['tests/support/server-bundle.ts'],
  },
})
