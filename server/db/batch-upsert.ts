import { CompiledQuery, sql } from 'kysely'
import { sqliteHandleOf, type Db } from './database'
import { dialectOf } from './dialect'
import type { Database } from './schema'

/** A column written by a batch upsert, with its PostgreSQL type (for the arrays it is sent in). */
export type UpsertColumn = readonly [name: string, pgType: 'bigint' | 'integer' | 'text']

export interface UpsertSpec {
  table: keyof Database
  /** the columns written, in the order of each row's values */
  columns: readonly UpsertColumn[]
  /** the unique key a row may already hold */
  conflict: readonly string[]
  /** on conflict, these columns add the new row's values (`x = x + excluded.x`); none: the row is left alone */
  add: readonly string[]
}

type Value = number | string

/**
 * Many rows inserted, or added onto the rows already there, at the cost of one statement per
 * batch and without building a query per batch (building a few hundred rows' query in Kysely
 * costs more than writing them). SQLite: one prepared single-row statement run per row inside
 * the caller's transaction (a synchronous driver: each run is microseconds, no round trip).
 * PostgreSQL: one `insert … select from unnest(arrays)` per batch, a round trip and a dozen
 * parameters whatever the row count. Rows must come in the key's order when several writers
 * may upsert at once (row locks taken in one order: no deadlock).
 */
export function batchUpsert(db: Db, spec: UpsertSpec) {
  const table = sql.id(spec.table)
  const names = spec.columns.map(([name]) => name)
  const columns = sql.join(names.map((n) => sql.id(n)))
  const conflict = sql.join(spec.conflict.map((n) => sql.id(n)))
  const onConflict =
    spec.add.length === 0
      ? sql`on conflict (${conflict}) do nothing`
      : sql`on conflict (${conflict}) do update set ${sql.join(
          spec.add.map(
            (n) => sql`${sql.id(n)} = ${sql.ref(`${spec.table}.${n}`)} + excluded.${sql.id(n)}`,
          ),
        )}`

  if (dialectOf(db) === 'postgres') {
    const arrays = sql.join(
      spec.columns.map(([, type], i) => sql`${sql.raw(`$${i + 1}`)}::${sql.raw(type)}[]`),
    )
    const text =
      sql`insert into ${table} (${columns}) select * from unnest(${arrays}) ${onConflict}`.compile(
        db,
      ).sql
    return async (conn: Db, rows: readonly (readonly Value[])[]) => {
      if (rows.length === 0) return
      const parameters = names.map((_, c) => rows.map((row) => row[c]))
      await conn.executeQuery(CompiledQuery.raw(text, parameters))
    }
  }

  const sqlite = sqliteHandleOf(db)!
  const slots = sql.join(names.map(() => sql.raw('?')))
  const statement = sqlite.prepare(
    sql`insert into ${table} (${columns}) values (${slots}) ${onConflict}`.compile(db).sql,
  )
  return async (conn: Db, rows: readonly (readonly Value[])[]) => {
    // inside the caller's transaction: SQLite has one connection, which that transaction holds
    if (conn === db) throw new Error('batchUpsert runs in a transaction')
    for (const row of rows) statement.run(row as Value[])
  }
}

/**
 * Rows a batch writer should put in one transaction. SQLite has one connection and a
 * synchronous driver: the server's reads wait while a transaction writes, so a few hundred
 * at a time, the reads going first between two. PostgreSQL writes in its own processes while
 * the server goes on: a whole batch at once, one commit instead of dozens.
 */
export const batchPartRows = (db: Db): number => (dialectOf(db) === 'postgres' ? 20_000 : 400)

/**
 * Lets this transaction's commit return before its WAL reaches the disk (PostgreSQL
 * `synchronous_commit = off`; SQLite: nothing). A crash may then lose the last fraction of a
 * second of such commits — never a part of one, never one twice: only for writes that
 * tolerate that (analytics counters).
 */
export async function relaxCommit(trx: Db): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`set local synchronous_commit = off`.execute(trx)
}
