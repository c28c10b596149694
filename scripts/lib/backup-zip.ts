import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform, Writable } from 'node:stream'
import yauzl from 'yauzl'
import yazl from 'yazl'
import {
  isAllowedEntry,
  MANIFEST,
  MEDIA_PREFIX,
  parseManifest,
  type Manifest,
} from './backup-format'

/**
 * Writes the archive: manifest.json first, then each entry from its file on disk. Written to
 * `<out>.partial`, flushed to disk, then renamed: a backup file that exists is a whole one.
 */
export async function writeArchive(
  out: string,
  manifest: Manifest,
  sources: Map<string, string>,
): Promise<void> {
  const partial = `${out}.partial`
  const zip = new yazl.ZipFile()
  const mtime = new Date(manifest.created_at)
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), MANIFEST, {
    mtime,
    compress: true,
  })
  for (const entry of manifest.entries) {
    const file = sources.get(entry.path)
    if (!file) throw new Error(`no source for ${entry.path}`)
    zip.addFile(file, entry.path, { mtime, compress: false })
  }
  zip.end()
  try {
    await pipeline(zip.outputStream, createWriteStream(partial, { mode: 0o600 }))
    const handle = await open(partial, 'r')
    await handle.sync()
    await handle.close()
    await rename(partial, out)
  } catch (err) {
    await rm(partial, { force: true })
    throw err
  }
}

const readAll = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/**
 * Opens an archive and reads its manifest. `extract(dir)` then writes every entry under `dir`
 * (nothing else: paths are checked against the names a backup holds), checking each one's size
 * and sha256 against the manifest; it throws on the first mismatch, a missing entry or an
 * entry the manifest does not name. Without `dir` it only checks.
 */
export async function openArchive(file: string) {
  const zip = await yauzl.openPromise(file, { lazyEntries: true, strictFileNames: true })
  let manifest: Manifest | undefined
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName === MANIFEST) {
        manifest = parseManifest((await readAll(await zip.openReadStreamPromise(entry))).toString())
        break
      }
    }
  } finally {
    zip.close()
  }
  if (!manifest) throw new Error(`${file} holds no manifest.json: it is not a Corkboard backup`)
  const found = manifest

  async function extract(dir?: string): Promise<void> {
    const expected = new Map(found.entries.map((e) => [e.path, e]))
    const seen = new Set<string>()
    const archive = await yauzl.openPromise(file, { lazyEntries: true, strictFileNames: true })
    try {
      for await (const entry of archive.eachEntry()) {
        const name = entry.fileName
        if (name === MANIFEST || name.endsWith('/')) continue
        const want = expected.get(name)
        if (!want || !isAllowedEntry(name) || seen.has(name)) {
          throw new Error(`the archive holds ${name}, which its manifest does not name`)
        }
        seen.add(name)
        const hash = createHash('sha256')
        let size = 0
        const target = dir ? join(dir, name) : null
        if (target) await mkdir(dirname(target), { recursive: true })
        const sink = target
          ? createWriteStream(target, { mode: name.startsWith(MEDIA_PREFIX) ? 0o644 : 0o600 })
          : new Writable({ write: (_c, _e, done) => done() })
        const measure = new Transform({
          transform(chunk: Buffer, _enc, done) {
            hash.update(chunk)
            size += chunk.length
            done(null, chunk)
          },
        })
        await pipeline(await archive.openReadStreamPromise(entry), measure, sink)
        if (size !== want.size || hash.digest('hex') !== want.sha256) {
          throw new Error(`${name} does not match its checksum: the backup is damaged`)
        }
      }
    } finally {
      archive.close()
    }
    const absent = found.entries.filter((e) => !seen.has(e.path))
    if (absent.length > 0) {
      throw new Error(
        `the archive lacks ${absent.length} entries its manifest names (${absent[0]!.path}, …)`,
      )
    }
  }

  return { manifest: found, extract }
}
