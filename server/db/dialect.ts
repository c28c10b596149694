import {
  PostgresAdapter,
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
} from 'kysely'

/**
 * Everything that differs between SQLite and PostgreSQL above the driver, in one place: code
 * outside server/db (and the search full-text module) asks here instead of testing the dialect.
 * Every helper takes the handle it runs on (the root database or a transaction).
 */
export type Dialect = 'sqlite' | 'postgres'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: helpers are generic
type AnyDb = Kysely<any>

/** Which dialect a handle (a database or a transaction of it) speaks. */
export const dialectOf = (db: AnyDb): Dialect =>
  db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'

/**
 * Whether the database has `corkboard_send_messages` (migration 017: PostgreSQL only), the
 * send in one round trip; SQLite groups its sends in process instead.
 */
export const hasSendFunction = (db: AnyDb): boolean => dialectOf(db) === 'postgres'

/**
 * `column` is one of `ids`: PostgreSQL takes them as one array parameter (a list of hundreds
 * costs it more to parse and plan than to run, and one text whatever their number can be a
 * prepared statement); SQLite as a list.
 */
export const idIn = (db: AnyDb, column: string, ids: readonly number[]) =>
  dialectOf(db) === 'sqlite'
    ? sql<SqlBool>`${sql.ref(column)} in (${sql.join(ids)})`
    : sql<SqlBool>`${sql.ref(column)} = any(${ids}::bigint[])`

/**
 * Locks the rows a select reads until the transaction ends: `FOR UPDATE` on PostgreSQL; on
 * SQLite nothing, since it runs one writer at a time. Use as `.$call(forUpdate(trx))`.
 */
export const forUpdate =
  (db: AnyDb) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  <Q extends SelectQueryBuilder<any, any, any>>(query: Q): Q =>
    dialectOf(db) === 'postgres' ? (query.forUpdate() as Q) : query

/**
 * `forUpdate` that leaves foreign-key checks alone: `FOR NO KEY UPDATE` on PostgreSQL (rows
 * referencing the locked one can still be written meanwhile); on SQLite nothing.
 */
export const forNoKeyUpdate =
  (db: AnyDb) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  <Q extends SelectQueryBuilder<any, any, any>>(query: Q): Q =>
    dialectOf(db) === 'postgres' ? (query.forNoKeyUpdate() as Q) : query

/**
 * `column` is one of the rows `subquery` picks that no other transaction holds (a claim by
 * concurrent workers). PostgreSQL: `FOR UPDATE SKIP LOCKED`, as `= any(array(…))`, since
 * `in (… limit n for update skip locked)` may be planned as a semi join that runs the subquery
 * again per row and claims far more than n; SQLite (one writer): a plain `in`.
 */
export function skipLocked(
  db: AnyDb,
  column: Expression<unknown>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  subquery: SelectQueryBuilder<any, any, any>,
): Expression<SqlBool> {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`${column} = any(array(${subquery.forUpdate().skipLocked()}))`
    : sql<SqlBool>`${column} in (${subquery})`
}

/** True when a write failed on a unique constraint, on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

/**
 * `column` starts with `prefix` (letters, digits and `_` only), walking the column's index:
 * SQLite compares bytes, so a range of its index; PostgreSQL's collation may not order that
 * way, so `like` (with `_` escaped).
 */
export function startsWith(db: AnyDb, column: string, prefix: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const ref = sql.ref(column)
    return dialectOf(db) === 'postgres'
      ? eb(ref, 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`)
      : eb.and([eb(ref, '>=', prefix), eb(ref, '<', `${prefix}\u{10FFFF}`)])
  }
}

/**
 * After rows were inserted with explicit ids, moves the tables' id sequences past them
 * (PostgreSQL); SQLite's AUTOINCREMENT follows by itself.
 */
export async function syncIdSequences(db: AnyDb, tables: readonly string[]): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  for (const table of tables) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
      db,
    )
  }
}

/**
 * Fresh planner statistics for tables after a bulk load (PostgreSQL plans by them; SQLite's
 * planner needs none here).
 */
export async function refreshStatistics(db: AnyDb, tables: readonly string[]): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db)
}
