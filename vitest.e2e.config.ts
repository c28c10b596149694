import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time, each with its own server and Chromium: the suites wait on pages, timers
    // and the network more than they compute (about half of 2 cores, one at a time), so on this
    // 2-core machine the run took 157 s instead of 207. A third worker measured no faster.
    maxWorkers: 2,
    // The files share nothing but the modules they import (Playwright, sharp, the harness): a
    // worker imports them once, not once per file. Every server, browser and folder a file
    // starts, it stops in afterAll.
    isolate: false,
    // server/main.ts bundled once for the run (tests/support/server-bundle.ts)
    globalSetup: ['tests/support/server-bundle.ts'],
  },
})
