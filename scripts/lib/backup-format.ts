import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * A Corkboard backup is one ZIP file (yazl; stored, not compressed: JPEGs and SQLite pages
 * gain little) holding
 *   manifest.json     this file's Manifest: what is in it and the sha256 of every other entry
 *   corkboard.db      the SQLite database, copied with SQLite's online backup API (absent in a
 *                     --media-only backup)
 *   session-secret    the data dir's session secret file, when the instance uses one
 *   demo-password     the demo accounts' password file, when the demo world was seeded
 *   media/<key>/<size>.jpg   every stored image the database copy refers to
 */
export const FORMAT = 'corkboard-backup'
export const FORMAT_VERSION = 1
export const MANIFEST = 'manifest.json'
export const DB_ENTRY = 'corkboard.db'
export const SECRET_ENTRY = 'session-secret'
export const DEMO_PASSWORD_ENTRY = 'demo-password'
/** the small files of the data dir copied as they are, when they exist */
export const DATA_DIR_FILES = [SECRET_ENTRY, DEMO_PASSWORD_ENTRY] as const
export const MEDIA_PREFIX = 'media/'

export interface ManifestEntry {
  path: string
  size: number
  sha256: string
}

export interface Manifest {
  format: typeof FORMAT
  format_version: number
  /** package.json version of the Corkboard that made it */
  app_version: string
  created_at: string
  kind: 'full' | 'media-only'
  /** the migrations recorded in the database copy (empty for media-only) */
  migrations: string[]
  /** rows in the database copy (empty for media-only), and the image files */
  counts: Record<string, number>
  /** where the session secret was: in the archive, or set by SESSION_SECRET (not copied) */
  session_secret: 'included' | 'environment' | 'missing'
  entries: ManifestEntry[]
}

export const appVersion = (): string =>
  (
    JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version: string
    }
  ).version

/** The sha256 (hex) and size of a file, read as a stream. */
export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return { sha256: hash.digest('hex'), size }
}

const MEDIA_PATH = /^media\/[0-9a-f]{32}\/[A-Za-z0-9x]+\.jpg$/

/** Whether an archive path is one a backup may hold (no `..`, no absolute path, known names). */
export const isAllowedEntry = (path: string) =>
  path === DB_ENTRY || (DATA_DIR_FILES as readonly string[]).includes(path) || MEDIA_PATH.test(path)

/** Parses and checks a manifest; throws a readable Error when it is not one of ours. */
export function parseManifest(text: string): Manifest {
  let m: Manifest
  try {
    m = JSON.parse(text) as Manifest
  } catch {
    throw new Error('manifest.json is not JSON: this is not a Corkboard backup')
  }
  if (m?.format !== FORMAT) throw new Error('manifest.json is not a Corkboard backup manifest')
  if (m.format_version !== FORMAT_VERSION) {
    throw new Error(
      `this backup has format version ${m.format_version}; this Corkboard reads version ${FORMAT_VERSION}`,
    )
  }
  if (!Array.isArray(m.entries) || !Array.isArray(m.migrations)) {
    throw new Error('manifest.json lacks its entries or migrations')
  }
  for (const e of m.entries) {
    if (!isAllowedEntry(e?.path) || !/^[0-9a-f]{64}$/.test(e.sha256) || !(e.size >= 0)) {
      throw new Error(`manifest.json names an entry this Corkboard does not write: ${e?.path}`)
    }
  }
  // a full backup is its database; a media-only one has none
  const hasDatabase = m.entries.some((e) => e.path === DB_ENTRY)
  if (m.kind !== 'full' && m.kind !== 'media-only') {
    throw new Error(
      `manifest.json says the backup is of kind ${String(m.kind)}: not full nor media-only`,
    )
  }
  if (hasDatabase !== (m.kind === 'full')) {
    throw new Error(
      m.kind === 'full'
        ? `manifest.json says the backup is full but names no ${DB_ENTRY}`
        : `manifest.json says the backup is media-only but names ${DB_ENTRY}`,
    )
  }
  return m
}
