import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { build, type Plugin } from 'esbuild'
import type { TestProject } from 'vitest/node'
import { BUNDLED, type BundledSource } from './bundled'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * Vitest global setup: compiles server/main.ts and the operator's scripts (admin, backup,
 * restore) once per run, each into one ES module (the same esbuild transform tsx applies,
 * packages left to node_modules), so each process the suites start (ServerProcess, the e2e
 * servers, the CLI runs) loads one file instead of resolving and transforming a few hundred
 * through tsx's loader hooks: half the start-up time, and the crash and scale-out suites start
 * servers dozens of times. The bundles live under node_modules/.cache so that their imports
 * resolve to the project's packages; each run gets its own and removes it afterwards. Their
 * modules are marked `// server/….ts` in them; TEST_SERVER=tsx runs the sources through tsx.
 */
export default async function setup(project: TestProject) {
  project.provide('bundles', {})
  if (process.env.TEST_SERVER === 'tsx') return
  const cache = join(ROOT, 'node_modules', '.cache', 'corkboard-test-server')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, 'run-'))
  // scripts/admin.ts → <dir>/scripts/admin.mjs
  const out = (source: BundledSource) => source.slice(0, -'.ts'.length)
  const bundles: Partial<Record<BundledSource, string>> = {}
  for (const source of BUNDLED) bundles[source] = join(dir, `${out(source)}.mjs`)
  await build({
    entryPoints: BUNDLED.map((source) => ({ in: join(ROOT, source), out: out(source) })),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [sourceDirname],
  })
  project.provide('bundles', bundles)
  return () => rmSync(dir, { recursive: true, force: true })
}

/** `import.meta.dirname` in a bundled module names its source's folder, as it does under tsx. */
const sourceDirname: Plugin = {
  name: 'source-dirname',
  setup(bundler) {
    bundler.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replaceAll(
        'import.meta.dirname',
        JSON.stringify(dirname(path)),
      ),
      loader: 'ts',
    }))
  },
}
