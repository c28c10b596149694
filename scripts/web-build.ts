/**
 * What the web build is made from, and the stamp that records it: `npm start` rebuilds the
 * web app only when this hash differs from the stamp the last build left in its output.
 * Shared by vite.config.ts (which writes the stamp) and scripts/build-web-if-changed.ts.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

/** The build's output, relative to the repository root (vite.config.ts's outDir). */
export const WEB_OUT_DIR = 'dist/web'
/** A dotfile: the static server does not serve dotfiles (server/http/web-app.ts). */
export const STAMP_FILE = '.build-stamp'

/** Everything the bundle depends on: sources, the wire types, the build config, the lock. */
const INPUTS = [
  'web',
  'protocol',
  'vite.config.ts',
  'scripts/web-build.ts',
  'tsconfig.json',
  'package-lock.json',
]
/** Files under the inputs that never reach the bundle. */
const NOT_BUILT = /(\.test\.tsx?|\.snap)$|(^|\/)__snapshots__\//

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return NOT_BUILT.test(path) ? [] : [path]
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(root, `${path}/${name}`))
}

/** A hash of every input file's path and content (a few hundred small files: ~20 ms). */
export function webSourcesHash(root: string): string {
  const hash = createHash('sha256')
  for (const path of INPUTS.flatMap((input) => filesUnder(root, input))) {
    hash
      .update(path)
      .update('\0')
      .update(readFileSync(join(root, path)))
      .update('\0')
  }
  return hash.digest('hex')
}

export function readStamp(root: string): string | null {
  const file = join(root, WEB_OUT_DIR, STAMP_FILE)
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null
}

export function writeStamp(outDir: string, hash: string): void {
  writeFileSync(join(outDir, STAMP_FILE), `${hash}\n`)
}

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|webmanifest)$/
const brotli = promisify(brotliCompress)
const gzipped = promisify(gzip)

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of the build worth compressing,
 * at the highest levels (done once per build, so the server never compresses them per
 * request: @fastify/static's `preCompressed` sends the variant the browser accepts).
 */
export async function precompress(dir: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true })
  await Promise.all(
    entries
      .filter((name) => COMPRESSIBLE.test(name))
      .map(async (name) => {
        const file = join(dir, name)
        if (!(await stat(file)).isFile()) return
        const body = await readFile(file)
        if (body.length < 1024) return
        const [br, gz] = await Promise.all([
          brotli(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
          gzipped(body, { level: 9 }),
        ])
        if (br.length < body.length) await writeFile(`${file}.br`, br)
        if (gz.length < body.length) await writeFile(`${file}.gz`, gz)
      }),
  )
}
