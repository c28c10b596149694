import { sql } from 'kysely'
import type { TestApp } from './test-app'

/**
 * The app's own tables, sorted. On PostgreSQL only its schema, read from the catalog for that
 * schema alone: other suites' schemas share the database, at other migrations, and may be
 * dropped while Kysely's introspection (which reads every schema) looks at them.
 */
export async function ownTables(t: TestApp): Promise<string[]> {
  const tables =
    t.dialect === 'postgres'
      ? (
          await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema()`.execute(t.ctx.db)
        ).rows
      : await t.ctx.db.introspection.getTables()
  return tables.map((x) => x.name).sort()
}

/**
 * Every row of every table, as sorted JSON per table: equal snapshots mean nothing was written.
 * Analytics counted so far are written first, so a flush falling between two snapshots is not
 * taken for a write (and counting by the requests between them shows as one).
 */
export async function databaseSnapshot(t: TestApp): Promise<Record<string, unknown[]>> {
  await t.ctx.services.recorder.flush()
  const out: Record<string, unknown[]> = {}
  for (const name of await ownTables(t)) {
    const rows = await t.ctx.db
      .selectFrom(name as 'users')
      .selectAll()
      .execute()
    out[name] = rows.map((r) => JSON.stringify(r)).sort()
  }
  return out
}
