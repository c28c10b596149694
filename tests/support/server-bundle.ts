import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import type { TestProject } from 'vitest/node'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * Vitest global setup: compiles server/main.ts once per run into one ES module (the same
 * esbuild transform tsx applies, packages left to node_modules), so each server process the
 * suites start (ServerProcess) loads one file instead of resolving and transforming a few
 * hundred through tsx's loader hooks: half the start-up time, and the crash and scale-out
 * suites start servers dozens of times. The bundle lives under node_modules/.cache so that its
 * imports resolve to the project's packages; each run gets its own and removes it afterwards.
 * Its modules are marked `// server/….ts` in it; TEST_SERVER=tsx runs the sources through tsx.
 */
export default async function setup(project: TestProject) {
  project.provide('serverBundle', '')
  if (process.env.TEST_SERVER === 'tsx') return
  const cache = join(ROOT, 'node_modules', '.cache', 'corkboard-test-server')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, 'run-'))
  const outfile = join(dir, 'main.mjs')
  await build({
    entryPoints: [join(ROOT, 'server/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
  project.provide('serverBundle', outfile)
  return () => rmSync(dir, { recursive: true, force: true })
}
