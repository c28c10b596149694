import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { build, type Plugin } from 'esbuild'
import type { TestProject } from 'vitest/node'
import { BUNDLED, type BundledSource } from './bundled'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * Packages left to node_modules, loaded as they are: native addons, and those that find files
 * beside their own code (`__dirname`, worker files, static assets), which a bundle would break.
 */
const UNBUNDLED = [
  'argon2',
  'better-sqlite3',
  'sharp',
  'ioredis',
  'pino',
  'pino-pretty',
  'thread-stream',
  '@fastify/static',
  '@fastify/swagger',
  '@fastify/swagger-ui',
]

/**
 * Vitest global setup: compiles server/main.ts and the operator's scripts (admin, backup,
 * restore) once per run, each into one ES module with the pure-JS packages it imports (the same
 * esbuild transform tsx applies), so each process the suites start (ServerProcess, the e2e
 * servers, the CLI runs) loads one file instead of resolving and transforming some hundreds:
 * a server starts in about 1.5 s of CPU instead of 2.3 with the packages left out and twice
 * that through tsx's loader hooks, and the suites start over a hundred of them (CI's machine is
 * CPU-bound through both test phases). The bundles live under node_modules/.cache so that
 * their imports resolve to the project's packages; each run gets its own and removes it
 * afterwards. Their modules are marked `// server/….ts` in them; TEST_SERVER=tsx runs the
 * sources through tsx.
 */
export default async function setup(project: TestProject) {
  project.provide('bundles', {})
  if (process.env.TEST_SERVER === 'tsx') return
  const cache = join(ROOT, 'node_modules', '.cache', 'corkboard-test-server')
  mkdirSync(cache, { recursive: true })
  const dir = mkdtempSync(join(cache, 'run-'))
  const remove = () => rmSync(dir, { recursive: true, force: true })
  // scripts/admin.ts → <dir>/scripts/admin.mjs
  const out = (source: BundledSource) => source.slice(0, -'.ts'.length)
  const bundles: Partial<Record<BundledSource, string>> = {}
  for (const source of BUNDLED) bundles[source] = join(dir, `${out(source)}.mjs`)
  try {
    await build({
      entryPoints: BUNDLED.map((source) => ({ in: join(ROOT, source), out: out(source) })),
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: UNBUNDLED,
      // the packages bundled are CommonJS too: their require() of Node's modules needs one
      banner: {
        js: "import { createRequire as createBundleRequire } from 'node:module'; const require = createBundleRequire(import.meta.url);",
      },
      logLevel: 'warning',
      plugins: [sourceDirname],
    })
    for (const bundle of Object.values(bundles)) await refuseFileFinders(bundle)
  } catch (err) {
    remove()
    throw err
  }
  project.provide('bundles', bundles)
  return remove
}

/**
 * A bundled package that names `__dirname` or `__filename` would fail only when that line runs
 * (neither exists in an ES module): the run stops here instead, naming the package for
 * UNBUNDLED. esbuild marks each module's code with a `// node_modules/…` line above it.
 */
async function refuseFileFinders(bundle: string) {
  const offenders = new Set<string>()
  let module = ''
  for (const line of (await readFile(bundle, 'utf8')).split('\n')) {
    if (line.startsWith('// ')) module = line.slice(3)
    else if (module.startsWith('node_modules/') && /\b__(dirname|filename)\b/.test(line))
      offenders.add(module)
  }
  if (offenders.size)
    throw new Error(
      `${bundle}: bundled code looks for files beside itself; add its package to UNBUNDLED in ` +
        `tests/support/server-bundle.ts: ${[...offenders].join(', ')}`,
    )
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
