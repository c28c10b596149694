/**
 * `npm run restore -- <file> [--data-dir DIR] [--force]`
 *
 * Brings a stopped instance back from a backup made by `npm run backup`. The target is the
 * configured instance (DATA_DIR, DATABASE_URL, MEDIA_DIR), or with `--data-dir DIR` the
 * default layout inside DIR. It refuses
 *  - when a server has the target's database open (SQLite: its lock, see sqlite-in-use.ts);
 *  - when the target holds a database or images already, unless `--force` (which replaces
 *    them: the database, the whole media folder, and the data dir files in the backup);
 *  - a backup whose migrations this Corkboard does not know (made by a newer version);
 *  - a full backup into a PostgreSQL instance (that database comes back with pg_restore).
 * Every entry is checked against the manifest's sha256 while it is unpacked into a folder
 * beside the target; only then is anything of the target replaced.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { MIGRATIONS } from '../server/db/migrations'
import { DATA_DIR_FILES, DB_ENTRY, type Manifest } from './lib/backup-format'
import { configFor, EXIT, parseCommandLine, runScript, Stop } from './lib/backup-cli'
import { openArchive } from './lib/backup-zip'
import { sqliteInUse } from './lib/sqlite-in-use'

const USAGE = 'usage: npm run restore -- <file> [--data-dir DIR] [--force]'

/** Moves a file or folder, copying when the two places are on different file systems. */
async function move(from: string, to: string) {
  try {
    await rename(from, to)
  } catch (err) {
    if ((err as { code?: string }).code !== 'EXDEV') throw err
    const tmp = `${to}.restoring-${randomBytes(4).toString('hex')}`
    await cp(from, tmp, { recursive: true })
    await rename(tmp, to)
    await rm(from, { recursive: true, force: true })
  }
}

/**
 * Puts `staged` (if it exists; else an empty folder) in the place of `target`: the old folder
 * renamed aside and removed, or — when `target` cannot be renamed, e.g. a mount point — its
 * contents replaced one by one.
 */
async function replaceFolder(target: string, staged: string) {
  if (!existsSync(staged)) await mkdir(staged, { recursive: true })
  await mkdir(dirname(target), { recursive: true })
  const aside = `${target}.replaced-${randomBytes(4).toString('hex')}`
  try {
    if (existsSync(target)) await rename(target, aside)
  } catch {
    for (const name of readdirSync(target)) {
      await rm(join(target, name), { recursive: true, force: true })
    }
    for (const name of readdirSync(staged)) await move(join(staged, name), join(target, name))
    return
  }
  await move(staged, target)
  await rm(aside, { recursive: true, force: true })
}

const hasImages = (mediaDir: string) =>
  existsSync(mediaDir) && readdirSync(mediaDir).some((name) => !name.startsWith('.'))

function checkMigrations(manifest: Manifest) {
  const known = new Set(MIGRATIONS.map((m) => m.name))
  const unknown = manifest.migrations.filter((m) => !known.has(m))
  if (unknown.length > 0) {
    throw new Stop(
      `This backup was made by a newer Corkboard (${manifest.app_version}): its database has ` +
        `migrations this one does not know (${unknown.join(', ')}). Upgrade Corkboard first.`,
      EXIT.refused,
    )
  }
}

function checkDatabase(path: string) {
  const db = new SQLite(path, { fileMustExist: true })
  try {
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok')
      throw new Stop(`The backup's database fails quick_check: ${check}`, EXIT.failed)
  } finally {
    db.close()
  }
}

async function main() {
  const command = parseCommandLine(
    { 'data-dir': { type: 'string' }, force: { type: 'boolean', default: false } },
    USAGE,
  )
  const { values } = command
  const file = resolve(command.file)
  if (!existsSync(file)) throw new Stop(`${file} does not exist.`, EXIT.usage)
  const config = configFor(values['data-dir'])

  let archive
  try {
    archive = await openArchive(file)
  } catch (err) {
    throw new Stop(`Cannot read ${file}: ${(err as Error).message}`, EXIT.failed)
  }
  const { manifest } = archive
  const full = manifest.kind === 'full'
  checkMigrations(manifest)
  if (full && config.dialect === 'postgres') {
    throw new Stop(
      'DATABASE_URL points at PostgreSQL, and this backup holds an SQLite database.\n' +
        'Restore a PostgreSQL database with pg_restore (docs/operations.md, "Backups"), and its\n' +
        'images from a backup made with --media-only.',
      EXIT.refused,
    )
  }
  if (full && config.sqlitePath === ':memory:') {
    throw new Stop(
      'DATABASE_URL is sqlite::memory: — there is no file to restore into.',
      EXIT.refused,
    )
  }

  const inUse = () => config.dialect === 'sqlite' && sqliteInUse(config.sqlitePath)
  if (inUse()) {
    throw new Stop(
      `A server is running on ${config.sqlitePath} (the database is open and locked). ` +
        'Stop it first, then restore.',
      EXIT.refused,
    )
  }
  const occupied = [
    ...(full && existsSync(config.sqlitePath) ? [config.sqlitePath] : []),
    ...(hasImages(config.mediaDir) ? [config.mediaDir] : []),
  ]
  if (occupied.length > 0 && !values.force) {
    throw new Stop(
      `The target is not empty: ${occupied.join(' and ')} exist. ` +
        'Pass --force to replace them with the backup, or restore into a new --data-dir.',
      EXIT.refused,
    )
  }

  await mkdir(config.dataDir, { recursive: true })
  const stage = await mkdtemp(join(config.dataDir, '.restore-'))
  try {
    try {
      await archive.extract(stage)
    } catch (err) {
      throw new Stop(`Not restored: ${(err as Error).message}`, EXIT.failed)
    }
    if (full) checkDatabase(join(stage, DB_ENTRY))
    // nothing of the target has been touched so far; a server started meanwhile wins
    if (inUse())
      throw new Stop('A server started on the target meanwhile; not restored.', EXIT.refused)

    if (full) {
      await mkdir(dirname(config.sqlitePath), { recursive: true })
      // a write-ahead log left beside the old database would be replayed into the new one
      for (const suffix of ['-wal', '-shm', '-journal']) {
        await rm(config.sqlitePath + suffix, { force: true })
      }
      await move(join(stage, DB_ENTRY), config.sqlitePath)
    }
    await replaceFolder(config.mediaDir, join(stage, 'media'))
    for (const name of DATA_DIR_FILES) {
      if (existsSync(join(stage, name))) await move(join(stage, name), join(config.dataDir, name))
    }
  } finally {
    await rm(stage, { recursive: true, force: true })
  }

  const c = manifest.counts
  console.log(
    `Restored the backup of ${manifest.created_at} (Corkboard ${manifest.app_version}) into ${config.dataDir}: ` +
      (full
        ? `${c.users} accounts, ${c.pins} pins, ${c.messages} messages, `
        : 'no database (media only), ') +
      `${c.media_files} image files.`,
  )
  if (manifest.session_secret === 'environment') {
    console.log('The instance took SESSION_SECRET from its environment: set the same value again.')
  }
  if (full && manifest.migrations.length < MIGRATIONS.length) {
    console.log('This Corkboard has newer migrations: they run when the server starts.')
  }
}

runScript(main)
