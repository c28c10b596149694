/**
 * `npm start`'s first step: builds the web app only when its sources changed since the last
 * build (the hash of web/, protocol/, the build config and the lock file, against the stamp
 * the build left in dist/web), so a second start skips the ~15 s build.
 * `--force` builds whatever the stamp says.
 */
import { resolve } from 'node:path'
import { readStamp, webSourcesHash } from './web-build'

const root = resolve(import.meta.dirname, '..')
const force = process.argv.includes('--force')

const started = Date.now()
const current = webSourcesHash(root)
if (!force && readStamp(root) === current) {
  console.log(`Web app up to date (${Date.now() - started} ms to check), not rebuilt.`)
} else {
  console.log(
    force
      ? 'Building the web app…'
      : 'Building the web app (its sources changed since the last build)…',
  )
  // vite.config.ts imports scripts/web-build the way TypeScript spells it (no extension)
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true'
  const { build } = await import('vite')
  process.chdir(root) // the config's `root: 'web'` is relative to the working directory
  await build({ configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' })
  console.log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
}
