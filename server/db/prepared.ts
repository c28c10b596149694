import { createHash } from 'node:crypto'
import { CompiledQuery, type Compilable } from 'kysely'
import { pgPoolOf, sqliteHandleOf, type Db } from './database'

/** A bound value; null binds SQL NULL (so only for values written, never after `=`). */
type Arg = string | number | null

const placeholder = (i: number) => `\u0000arg${i}\u0000`

function compileOnce<Args extends Arg[], Row>(
  db: Db,
  arity: Args['length'],
  build: (...args: Args) => Compilable<Row>,
  pluck: boolean,
) {
  const args = Array.from({ length: arity }, (_, i) => placeholder(i)) as Args
  const compiled = build(...args).compile()
  const slots = compiled.parameters.map((p) =>
    typeof p === 'string' && p.startsWith('\u0000arg') ? Number(p.slice(4, -1)) : -1,
  )
  if (!slots.some((s) => s >= 0) && arity > 0) throw new Error('prepared query uses no argument')
  // On SQLite, run the statement straight on the connection, skipping Kysely's driver and its
  // connection queue, when nobody else's transaction holds it (better-sqlite3 is synchronous:
  // nothing can begin one while it runs) or when `conn` is the transaction that holds it (one
  // connection: the statement runs inside it); behind someone's transaction, queue as before.
  // A plucking statement is this query's own (statements are otherwise shared by SQL text).
  const sqlite = sqliteHandleOf(db)
  const statement = sqlite?.prepare(pluck ? `${compiled.sql} -- pluck` : compiled.sql)
  if (pluck) statement?.pluck()
  const returnsRows = statement?.reader ?? true
  return async (conn: Db, ...values: Args): Promise<unknown[]> => {
    const parameters = compiled.parameters.map((p, i) => {
      const slot = slots[i]!
      return slot >= 0 ? values[slot] : p
    })
    if (statement && (conn !== db || !sqlite!.inTransaction)) {
      if (returnsRows) return statement.all(parameters)
      statement.run(parameters)
      return []
    }
    const { rows } = await conn.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters))
    return pluck ? rows.map((row) => Object.values(row as object)[0]) : rows
  }
}

/**
 * A query built and compiled once, run many times with new arguments. Building and compiling
 * a Kysely query costs more than running a primary-key lookup on SQLite, so the hottest reads
 * (a pin by id, a token) compile once. `build` must use each argument only as a value (never
 * to choose the query's shape); a null argument binds SQL NULL, so only as a value written.
 */
export function preparedQuery<Args extends Arg[], Row>(
  db: Db,
  arity: Args['length'],
  build: (...args: Args) => Compilable<Row>,
): (...values: Args) => Promise<Row[]> {
  const run = preparedQueryOn(db, arity, build)
  return (...values) => run(db, ...values)
}

/**
 * `preparedQuery` run on a connection of `db` given at each call: `db` itself or one of its
 * transactions (the hot writes of a send run inside one).
 */
export function preparedQueryOn<Args extends Arg[], Row>(
  db: Db,
  arity: Args['length'],
  build: (...args: Args) => Compilable<Row>,
): (conn: Db, ...values: Args) => Promise<Row[]> {
  return compileOnce(db, arity, build, false) as (conn: Db, ...values: Args) => Promise<Row[]>
}

/** `preparedQuery` for a query of one column: answers that column's values. */
export function preparedColumn<Args extends Arg[], Row>(
  db: Db,
  arity: Args['length'],
  build: (...args: Args) => Compilable<Row>,
): (...values: Args) => Promise<Row[keyof Row][]> {
  const run = compileOnce(db, arity, build, true)
  return (...values) => run(db, ...values) as Promise<Row[keyof Row][]>
}

/** the names of prepared statements by their text (hashed once, not on every run) */
const statementNames = new Map<string, string>()
const STATEMENT_NAMES_MAX = 1000

function statementName(text: string) {
  let name = statementNames.get(text)
  if (name === undefined) {
    name = `cb_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`
    if (statementNames.size >= STATEMENT_NAMES_MAX) statementNames.clear()
    statementNames.set(text, name)
  }
  return name
}

/**
 * Runs a compiled query as a statement PostgreSQL parses and plans once per connection (a
 * named prepared statement, named by its text) — for the hottest reads of many shapes, whose
 * planning costs as much as running them (a search window). Elsewhere (SQLite, a transaction)
 * it runs as any query does.
 */
export async function runPrepared<Row>(db: Db, query: CompiledQuery<Row>): Promise<Row[]> {
  const pool = pgPoolOf(db)
  if (!pool) return (await db.executeQuery(query)).rows
  const name = statementName(query.sql)
  const { rows } = await pool.query({ name, text: query.sql, values: [...query.parameters] })
  return rows as Row[]
}
