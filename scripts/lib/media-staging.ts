import { copyFile, link, mkdir, readdir, rm, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { IMAGE_SIZES } from '../../server/domain/media/urls'

const KEY = /^[0-9a-f]{32}$/
/** a finished variant; the server writes `.<size>.<random>.tmp` first and renames it */
const VARIANT = /^[^.][^/]*\.jpg$/

const codeOf = (err: unknown) => (err as { code?: string }).code

/**
 * Hard-links every stored image under `mediaDir/<key>/` into `stage/<key>/` (a copy where the
 * two are on different file systems), skipping what is staged already. A link keeps the
 * file's content even when the server deletes the original a moment later, so what was staged
 * stays in the backup. Files or folders that vanish while we look are skipped.
 */
export async function stageMedia(mediaDir: string, stage: string): Promise<number> {
  if (!existsSync(mediaDir)) return 0
  let added = 0
  for (const dir of await readdir(mediaDir, { withFileTypes: true })) {
    if (!dir.isDirectory() || !KEY.test(dir.name)) continue
    let files: string[]
    try {
      files = await readdir(join(mediaDir, dir.name))
    } catch (err) {
      if (codeOf(err) === 'ENOENT') continue
      throw err
    }
    for (const file of files.filter((f) => VARIANT.test(f))) {
      const to = join(stage, dir.name, file)
      if (existsSync(to)) continue
      await mkdir(join(stage, dir.name), { recursive: true })
      const from = join(mediaDir, dir.name, file)
      try {
        await link(from, to)
      } catch (err) {
        const code = codeOf(err)
        if (code === 'ENOENT') continue
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw err
        try {
          await copyFile(from, to)
        } catch (copyErr) {
          if (codeOf(copyErr) !== 'ENOENT') throw copyErr
          continue
        }
      }
      added++
    }
  }
  return added
}

/** The staged files of `keys`, as `<key>/<size>.jpg`, and the ones missing from the stage. */
export function stagedFilesOf(stage: string, keys: readonly string[]) {
  const files: string[] = []
  const missing: string[] = []
  for (const key of keys) {
    for (const size of IMAGE_SIZES) {
      const rel = `${key}/${size}.jpg`
      ;(existsSync(join(stage, rel)) ? files : missing).push(rel)
    }
  }
  return { files, missing }
}

/** Every staged file (for a media-only backup, which has no database to ask). */
export async function allStagedFiles(stage: string): Promise<string[]> {
  if (!existsSync(stage)) return []
  const files: string[] = []
  for (const key of (await readdir(stage)).filter((k) => KEY.test(k)).sort()) {
    for (const f of (await readdir(join(stage, key))).sort()) files.push(`${key}/${f}`)
  }
  return files
}

/** a stage's name: `.backup-<random>` inside the media folder */
export const STAGE_PREFIX = '.backup-'
const STALE_MS = 24 * 3_600_000

/**
 * Removes the stages of backups that were killed before they could clean up (older than a
 * day: a backup running now on the same folder keeps its own).
 */
export async function removeStaleStages(mediaDir: string): Promise<void> {
  if (!existsSync(mediaDir)) return
  for (const name of await readdir(mediaDir)) {
    if (!name.startsWith(STAGE_PREFIX)) continue
    const info = await stat(join(mediaDir, name)).catch(() => null)
    if (info && info.mtimeMs < Date.now() - STALE_MS) {
      await rm(join(mediaDir, name), { recursive: true, force: true })
    }
  }
}
