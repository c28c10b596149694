import { existsSync } from 'node:fs'
import SQLite from 'better-sqlite3'

/**
 * Whether some process has the SQLite database at `path` open — a running Corkboard keeps its
 * connection (and its checkpointer's) open for as long as it runs. In WAL mode every open
 * connection holds a shared lock on the database; a connection in exclusive locking mode can
 * only take its exclusive lock when there is no other connection. We ask for it without
 * waiting (busy_timeout 0) and let go at once. A file that does not exist is not in use.
 */
export function sqliteInUse(path: string): boolean {
  if (!existsSync(path)) return false
  let db: SQLite.Database | undefined
  try {
    db = new SQLite(path, { fileMustExist: true, timeout: 0 })
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('begin exclusive')
    db.exec('rollback')
    return false
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true
    if ((err as { code?: string }).code?.startsWith('SQLITE_LOCKED')) return true
    throw err
  } finally {
    db?.close()
  }
}
