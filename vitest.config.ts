import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The longest files, started first so that none of them begins near the end and runs on alone
 * while the other workers are idle. The rest keep vitest's order: slowest first when its cache of
 * past durations is at hand, else the largest first (a clean clone, as in CI).
 */
const SLOW_FIRST = [
  'tests/integration/crash.test.ts',
  'tests/integration/idempotency-restart.test.ts',
  'tests/integration/slow-reader.test.ts',
  'tests/integration/scale-out.test.ts',
  'tests/integration/resume-live.test.ts',
  'tests/integration/backup-restore.test.ts',
]

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const rank = (spec: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((path) => spec.moduleId.endsWith(path))
      return i < 0 ? SLOW_FIRST.length : i
    }
    const sorted = await super.sort(files)
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map(({ spec }) => spec)
  }
}

export default defineConfig({
  test: {
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // (.ci/run asks for three workers on its 2-core machine, where vitest would take one: the
    // suites spend much of their time waiting on PostgreSQL, server processes and timers.)
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'tests/**/*.test.ts'],
          // The suites share no state but the modules they import: a worker imports the server
          // once, not once per file (about 3 s of CPU each). Every app, server and connection a
          // file opens, it closes in afterAll.
          isolate: false,
          // server/main.ts and the scripts bundled once for the suites that run them as processes
          globalSetup: ['tests/support/server-bundle.ts'],
        },
      },
      {
        extends: true,
        // vi.mock and fake timers: each file in a process of its own
        test: { name: 'web', include: ['web/**/*.test.ts', 'web/**/*.test.tsx'] },
      },
    ],
  },
})
