/**
 * `npm run backup -- <file> [--media-only] [--force] [--allow-missing-media] [--data-dir DIR]`
 *
 * A consistent copy of a running (or stopped) instance in one ZIP file: the SQLite database
 * through SQLite's online backup API, the images it refers to, and the session secret, with a
 * manifest (see scripts/lib/backup-format.ts). The server keeps serving and writing meanwhile.
 *
 * Order, so that every image the database copy names is in the archive:
 *  1. hard-link every image file into a staging folder (a link keeps a file's content even if
 *     the server deletes it afterwards);
 *  2. copy the database (one read transaction: a snapshot of one moment);
 *  3. link the images written since step 1;
 *  4. check that every image of every `media` row of the copy is staged. An image written
 *     after step 1 and deleted before step 3 would be missing: then all of it runs again
 *     (at most 3 times). Images written after the snapshot are left out (no row names them).
 * On PostgreSQL the database is pg_dump's job; `--media-only` still copies the images.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import {
  appVersion,
  DATA_DIR_FILES,
  DB_ENTRY,
  FORMAT,
  FORMAT_VERSION,
  hashFile,
  MEDIA_PREFIX,
  SECRET_ENTRY,
  type Manifest,
  type ManifestEntry,
} from './lib/backup-format'
import {
  configFor,
  EXIT,
  parseCommandLine,
  runScript,
  secretFromEnvironment,
  Stop,
} from './lib/backup-cli'
import {
  allStagedFiles,
  removeStaleStages,
  STAGE_PREFIX,
  stagedFilesOf,
  stageMedia,
} from './lib/media-staging'
import { openArchive, writeArchive } from './lib/backup-zip'

const USAGE =
  'usage: npm run backup -- <file> [--media-only] [--force] [--allow-missing-media] [--data-dir DIR]'
const ATTEMPTS = 3
const COUNTED = ['users', 'boards', 'pins', 'conversations', 'messages', 'media'] as const

interface Snapshot {
  migrations: string[]
  counts: Record<string, number>
  keys: string[]
}

/** Copies the live database to `dest` in one step (one read transaction) and reads it back. */
async function snapshotDatabase(sqlitePath: string, dest: string): Promise<Snapshot> {
  await rm(dest, { force: true })
  const source = new SQLite(sqlitePath, { readonly: true, fileMustExist: true, timeout: 5000 })
  try {
    // every remaining page in each step: the copy is of one moment, never restarted half-way
    await source.backup(dest, { progress: () => 0x7fffffff })
  } finally {
    source.close()
  }
  const copy = new SQLite(dest)
  try {
    // one self-contained file, no write-ahead log beside it (the server turns WAL back on)
    copy.pragma('journal_mode = DELETE')
    const check = copy.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`the database copy fails SQLite's quick_check: ${check}`)
    const migrations = (
      copy.prepare('select name from schema_migrations order by name').all() as { name: string }[]
    ).map((r) => r.name)
    const counts: Record<string, number> = {}
    for (const table of COUNTED) {
      counts[table] = (copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
    }
    const keys = (
      copy.prepare('select key from media order by key').all() as { key: string }[]
    ).map((r) => r.key)
    return { migrations, counts, keys }
  } finally {
    copy.close()
  }
}

async function main() {
  const { values, file } = parseCommandLine(
    {
      'media-only': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'allow-missing-media': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
    USAGE,
  )
  const out = resolve(file)
  const mediaOnly = values['media-only']!
  const config = configFor(values['data-dir'])

  if (config.dialect === 'postgres' && !mediaOnly) {
    throw new Stop(
      'DATABASE_URL points at PostgreSQL: this script copies only the embedded SQLite database.\n' +
        'Back the database up with pg_dump, then the images with --media-only:\n' +
        '  pg_dump --format=custom --file corkboard.dump "$DATABASE_URL"\n' +
        `  npm run backup -- ${file} --media-only\n` +
        'docs/operations.md ("Backups") shows the whole procedure and pg_restore.',
      EXIT.refused,
    )
  }
  if (config.dialect === 'sqlite' && config.sqlitePath === ':memory:') {
    throw new Stop(
      'DATABASE_URL is sqlite::memory: — there is nothing on disk to back up.',
      EXIT.refused,
    )
  }
  if (!mediaOnly && !existsSync(config.sqlitePath)) {
    throw new Stop(
      `There is no database at ${config.sqlitePath} (check DATA_DIR / DATABASE_URL).`,
      EXIT.refused,
    )
  }
  if (existsSync(out) && !values.force) {
    throw new Stop(`${out} exists; pass --force to replace it.`, EXIT.refused)
  }
  await mkdir(dirname(out), { recursive: true })

  await removeStaleStages(config.mediaDir)
  const work = await mkdtemp(join(dirname(out), '.corkboard-backup-'))
  // The stage sits inside the media folder so that hard links work (same file system); its
  // name is no media key, so the server never serves or touches it.
  const stage = existsSync(config.mediaDir)
    ? join(config.mediaDir, STAGE_PREFIX + randomBytes(6).toString('hex'))
    : join(work, 'media')
  try {
    const started = Date.now()
    let snapshot: Snapshot = { migrations: [], counts: {}, keys: [] }
    let files: string[] = []
    if (mediaOnly) {
      await stageMedia(config.mediaDir, stage)
      files = await allStagedFiles(stage)
    } else {
      for (let attempt = 1; ; attempt++) {
        await stageMedia(config.mediaDir, stage)
        snapshot = await snapshotDatabase(config.sqlitePath, join(work, DB_ENTRY))
        await stageMedia(config.mediaDir, stage)
        const staged = stagedFilesOf(stage, snapshot.keys)
        files = staged.files
        if (staged.missing.length === 0) break
        if (attempt < ATTEMPTS) continue
        if (values['allow-missing-media']) {
          console.warn(
            `warning: ${staged.missing.length} image files the database names are missing; left out`,
          )
          break
        }
        throw new Stop(
          `${staged.missing.length} image files the database names are not in ${config.mediaDir} ` +
            `(first: ${staged.missing[0]}). Restore them, or pass --allow-missing-media to back up without them.`,
          EXIT.failed,
        )
      }
    }

    const sources = new Map<string, string>()
    if (!mediaOnly) sources.set(DB_ENTRY, join(work, DB_ENTRY))
    for (const name of DATA_DIR_FILES) {
      const file = join(config.dataDir, name)
      if (existsSync(file)) sources.set(name, file)
    }
    const secret = sources.has(SECRET_ENTRY)
      ? 'included'
      : secretFromEnvironment()
        ? 'environment'
        : 'missing'
    for (const f of files) sources.set(MEDIA_PREFIX + f, join(stage, f))

    const entries: ManifestEntry[] = []
    for (const [path, file] of sources) entries.push({ path, ...(await hashFile(file)) })
    const manifest: Manifest = {
      format: FORMAT,
      format_version: FORMAT_VERSION,
      app_version: appVersion(),
      created_at: new Date().toISOString(),
      kind: mediaOnly ? 'media-only' : 'full',
      migrations: snapshot.migrations,
      counts: { ...snapshot.counts, media_files: files.length },
      session_secret: secret,
      entries,
    }
    await writeArchive(out, manifest, sources)
    // read it back: every entry against its checksum
    await (await openArchive(out)).extract()
    const bytes = entries.reduce((sum, e) => sum + e.size, 0)
    const what = mediaOnly
      ? `${files.length} image files (no database: --media-only)`
      : `${snapshot.counts.pins} pins, ${snapshot.counts.messages} messages, ${files.length} image files`
    console.log(
      `Backed up ${what}, ${(bytes / 1e6).toFixed(1)} MB, to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (secret === 'environment'
          ? '\n(SESSION_SECRET is set in the environment: keep it with the backup)'
          : ''),
    )
  } finally {
    await rm(stage, { recursive: true, force: true })
    await rm(work, { recursive: true, force: true })
  }
}

runScript(main)
