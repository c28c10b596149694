import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely'
import pg from 'pg'
import type { Database } from './schema'

export type Db = Kysely<Database>
export type Dialect = 'sqlite' | 'postgres'

// COUNT(*) and bigint ids come back from pg as strings; every id here stays below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))

export interface DbHandle {
  db: Db
  dialect: Dialect
  close(): Promise<void>
}

export function openDatabase(opts: {
  dialect: Dialect
  sqlitePath?: string
  url?: string
  poolSize?: number
  /** PostgreSQL schema to work in (tests give each suite its own) */
  pgSchema?: string
}): DbHandle {
  if (opts.dialect === 'sqlite') {
    const sqlite = new SQLite(opts.sqlitePath ?? ':memory:')
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    cacheStatements(sqlite)
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
    sqliteHandles.set(db, sqlite)
    return { db, dialect: 'sqlite', close: () => db.destroy() }
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
  })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', close: () => db.destroy() }
}

const sqliteHandles = new WeakMap<Db, SQLite.Database>()

/** The better-sqlite3 connection under a SQLite `db` (undefined on PostgreSQL). */
export const sqliteHandleOf = (db: Db): SQLite.Database | undefined => sqliteHandles.get(db)

/**
 * Kysely prepares every query anew; preparing costs as much as running a short query. Keep
 * prepared statements by SQL text (the set of distinct query texts is small and bounded).
 */
function cacheStatements(sqlite: SQLite.Database, max = 2000) {
  const prepare = sqlite.prepare.bind(sqlite)
  const statements = new Map<string, SQLite.Statement>()
  sqlite.prepare = ((source: string) => {
    let statement = statements.get(source)
    if (!statement) {
      statement = prepare(source)
      if (statements.size < max) statements.set(source, statement)
    }
    return statement
  }) as typeof sqlite.prepare
}

/** A transaction handle plus the hooks to run once it has committed. */
export interface Tx {
  trx: Transaction<Database>
  afterCommit(fn: () => void | Promise<void>): void
}

/**
 * Runs `fn` in one transaction. Side effects registered with `afterCommit` (publishing
 * events, waking jobs) run only once the commit has succeeded, never on rollback.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: (() => void | Promise<void>)[] = []
  const result = await db
    .transaction()
    .execute((trx) => fn({ trx, afterCommit: (h) => hooks.push(h) }))
  for (const hook of hooks) await hook()
  return result
}

export const nowIso = () => new Date().toISOString()
