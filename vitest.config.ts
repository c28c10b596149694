import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'tests/**/*.test.ts'],
          // server/main.ts bundled once for the suites that run it as a process (ServerProcess)
          globalSetup: ['tests/support/server-bundle.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'web', include: ['web/**/*.test.ts', 'web/**/*.test.tsx'] },
      },
    ],
  },
})
