import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readStamp, WEB_OUT_DIR, webSourcesHash, writeStamp } from '../../scripts/web-build'

/** `npm start` rebuilds the web app only when what it is built from changed. */
describe('the web build’s stamp', () => {
  const root = mkdtempSync(join(tmpdir(), 'corkboard-stamp-'))
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('changes with the sources, the wire types, the config and the lock — not with tests', () => {
    write('web/app/app.tsx', 'export const a = 1\n')
    write('web/lib/api.test.ts', 'test file\n')
    write('protocol/limits.ts', 'export const MAX = 10\n')
    write('vite.config.ts', 'export default {}\n')
    write('package-lock.json', '{}\n')
    write('server/main.ts', 'server code\n')
    const first = webSourcesHash(root)
    expect(webSourcesHash(root)).toBe(first)

    write('web/lib/api.test.ts', 'another test\n')
    write('web/features/__snapshots__/x.test.ts.snap', 'snapshot\n')
    write('server/main.ts', 'other server code\n')
    expect(webSourcesHash(root)).toBe(first)

    for (const [path, text] of [
      ['web/app/app.tsx', 'export const a = 2\n'],
      ['web/app/new-page.tsx', 'export {}\n'],
      ['protocol/limits.ts', 'export const MAX = 11\n'],
      ['vite.config.ts', 'export default { base: "/" }\n'],
      ['package-lock.json', '{"lockfileVersion":3}\n'],
    ]) {
      const before = webSourcesHash(root)
      write(path!, text!)
      expect(webSourcesHash(root), path).not.toBe(before)
    }
  })

  it('is read back from the build output as written, and absent before any build', () => {
    expect(readStamp(root)).toBeNull()
    mkdirSync(join(root, WEB_OUT_DIR), { recursive: true })
    const hash = webSourcesHash(root)
    writeStamp(join(root, WEB_OUT_DIR), hash)
    expect(readStamp(root)).toBe(hash)
  })
})
