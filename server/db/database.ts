import { AsyncLocalStorage } from 'node:async_hooks'
import SQLite from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely'
import pg from 'pg'
import { storageFullFrom } from '../errors'
import { startCheckpointer } from './checkpointer'
import type { Dialect } from './dialect'
import type { Database } from './schema'

export type Db = Kysely<Database>
export type { Dialect } from './dialect'

/** WAL pages after which a commit checkpoints by itself (SQLite's default is 1,000). */
const BACKSTOP_CHECKPOINT_PAGES = 20_000

// COUNT(*) and bigint ids come back from pg as strings; every id here stays below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10))
// So do lists of them (a message's members, from the send function), read straight from their
// text ('{1,2,NULL}') rather than by the generic array parser, which costs more on every row;
// a nested one (none is read today) goes to that parser.
const INT8_ARRAY: number = 1016
const nestedInt8Array = pg.types.getTypeParser(INT8_ARRAY) as (text: string) => (string | null)[]
pg.types.setTypeParser(INT8_ARRAY, (text: string) => {
  if (text === '{}') return []
  if (text.startsWith('{{')) return nestedInt8Array(text)
  return text
    .slice(1, -1)
    .split(',')
    .map((v) => (v === 'NULL' ? null : Number(v)))
})

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
    const db = new Kysely<Database>({ dialect: new RollbackSafeSqliteDialect(sqlite) })
    sqliteHandles.set(db, sqlite)
    if (sqlite.memory) return { db, dialect: 'sqlite', close: () => db.destroy() }
    // Reads of a large database (search windows, feeds) stay in memory: a 64 MB page cache
    // and the file mapped (256 MB) instead of read page by page.
    sqlite.pragma('cache_size = -65536')
    sqlite.pragma('mmap_size = 268435456')
    // Checkpoints run on a thread of their own; the automatic one stays only as a backstop.
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`)
    const checkpointer = startCheckpointer(sqlite.name)
    return {
      db,
      dialect: 'sqlite',
      close: async () => {
        await checkpointer.stop()
        await db.destroy()
      },
    }
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
  })
  // A connection that breaks (PostgreSQL restarted, the network dropped it) is an 'error'
  // event — on the pool when idle, on the client when checked out — which would end the
  // process with no listener. The pool lets it go and opens a new one for the next query; a
  // query in flight fails on its own; /readyz says the database is down until it answers.
  pool.on('error', () => undefined)
  pool.on('connect', (client) => client.on('error', () => undefined))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  pgPools.set(db, pool)
  return { db, dialect: 'postgres', close: () => db.destroy() }
}

const sqliteHandles = new WeakMap<Db, SQLite.Database>()

/**
 * Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) make SQLite roll the whole transaction
 * back by itself; the ROLLBACK Kysely then sends fails ("cannot rollback - no transaction is
 * active") and would be thrown instead of the error that caused it. Roll back only what is
 * still open, so the original error is the one that surfaces.
 */
class RollbackSafeSqliteDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite })
  }

  override createDriver() {
    const driver = super.createDriver()
    const rollback = driver.rollbackTransaction.bind(driver)
    driver.rollbackTransaction = async (connection) => {
      if (this.sqlite.inTransaction) await rollback(connection)
    }
    return driver
  }
}

/** The better-sqlite3 connection under a SQLite `db` (undefined on PostgreSQL). */
export const sqliteHandleOf = (db: Db): SQLite.Database | undefined => sqliteHandles.get(db)

const pgPools = new WeakMap<Db, pg.Pool>()

/** The pg pool under a PostgreSQL `db` (undefined on SQLite, and for a transaction). */
export const pgPoolOf = (db: Db): pg.Pool | undefined => pgPools.get(db)

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
 *
 * On SQLite (one connection, one writer) the transactions asked for in the same turn of the
 * event loop share one commit: each runs inside its own savepoint, so one that fails rolls
 * back alone and fails alone, and every caller hears of success only once the shared commit
 * is done. One commit instead of many is most of the cost of a burst of small writes.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (sqliteHandles.has(db)) return groupCommitOf(db).run(fn)
  const hooks: (() => void | Promise<void>)[] = []
  // The error that made the transaction fail wins over one from the rollback after it.
  let failure: { error: unknown } | undefined
  let result: T
  try {
    result = await db.transaction().execute(async (trx) => {
      try {
        return await fn({ trx, afterCommit: (h) => hooks.push(h) })
      } catch (error) {
        failure = { error }
        throw error
      }
    })
  } catch (error) {
    throw asStorageFull(failure ? failure.error : error)
  }
  for (const hook of hooks) await hook()
  return result
}

/** A full disk named as such (StorageFullError, the driver's error as its cause); else `error`. */
const asStorageFull = (error: unknown): unknown => storageFullFrom(error) ?? error

interface Unit {
  fn: (tx: Tx) => Promise<unknown>
  hooks: (() => void | Promise<void>)[]
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown }
  /** asked for from an after-commit hook, which waits for it */
  fromHook: boolean
  resolve(value: unknown): void
  reject(error: unknown): void
}

/** Set while after-commit hooks run (see settle). */
const inHook = new AsyncLocalStorage<true>()

const groupCommits = new WeakMap<Db, { run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> }>()

function groupCommitOf(db: Db) {
  let group = groupCommits.get(db)
  if (!group) groupCommits.set(db, (group = createGroupCommit(db)))
  return group
}

/** A unit's failure after which SQLite no longer holds the batch's transaction. */
class BatchLost extends Error {
  constructor(readonly error: unknown) {
    super('the transaction was rolled back by SQLite')
  }
}

function createGroupCommit(db: Db) {
  let queue: Unit[] = []

  // Savepoints go straight to the connection the batch's transaction holds.
  const sqlite = sqliteHandles.get(db)!
  async function runUnit(trx: Transaction<Database>, unit: Unit, savepoint: boolean) {
    const tx: Tx = { trx, afterCommit: (h) => unit.hooks.push(h) }
    if (!savepoint) return void (unit.outcome = { ok: true, value: await unit.fn(tx) })
    sqlite.exec('savepoint unit')
    try {
      unit.outcome = { ok: true, value: await unit.fn(tx) }
    } catch (error) {
      unit.outcome = { ok: false, error: asStorageFull(error) }
      // SQLite rolled the whole transaction back by itself (a full disk, an I/O error): the
      // units before this one are undone too, and the rest must not run outside a transaction.
      if (!sqlite.inTransaction) throw new BatchLost(unit.outcome.error)
      sqlite.exec('rollback to unit')
    }
    sqlite.exec('release unit')
  }

  async function flush() {
    const batch = queue
    queue = []
    try {
      await db.transaction().execute(async (trx) => {
        if (batch.length === 1) return runUnit(trx, batch[0]!, false)
        for (const unit of batch) await runUnit(trx, unit, true)
      })
    } catch (thrown) {
      // Nothing of this batch was committed: every caller hears of the failure (the one that
      // lost the batch, when a unit did; a unit's own failure stays its own).
      const error = asStorageFull(thrown instanceof BatchLost ? thrown.error : thrown)
      for (const unit of batch) {
        if (unit.outcome?.ok !== false) unit.outcome = { ok: false, error }
      }
    }
    // Hooks run outside the drain (a hook may itself ask for a transaction), in batch order;
    // units a hook asked for and waits on settle at once, else the hook would wait forever.
    const fromHooks = batch.filter((u) => u.fromHook)
    if (fromHooks.length > 0) void settle(fromHooks)
    const rest = batch.filter((u) => !u.fromHook)
    settled = settled.then(() => settle(rest))
  }

  let settled = Promise.resolve()
  async function settle(batch: Unit[]) {
    for (const unit of batch) {
      const outcome = unit.outcome!
      if (!outcome.ok) {
        unit.reject(outcome.error)
        continue
      }
      try {
        for (const hook of unit.hooks) await inHook.run(true, hook)
        unit.resolve(outcome.value)
      } catch (error) {
        unit.reject(error)
      }
    }
  }

  // One batch at a time: what arrives while a batch commits goes together in the next one.
  let draining = false
  async function drain() {
    draining = true
    while (queue.length > 0) await flush()
    draining = false
  }

  return {
    run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const fromHook = inHook.getStore() === true
        queue.push({ fn, hooks: [], fromHook, resolve: resolve as (v: unknown) => void, reject })
        if (!draining && queue.length === 1) setImmediate(() => void drain())
      })
    },
  }
}

export const nowIso = () => new Date().toISOString()
