import { sql, type Kysely } from 'kysely'
import type { Db, Dialect } from './database'
import { MIGRATIONS } from './migrations'

/** Applies every migration not yet recorded in `schema_migrations`. */
export async function migrate(db: Db, dialect: Dialect): Promise<string[]> {
  const raw = db as unknown as Kysely<{ schema_migrations: { name: string; applied_at: string } }>
  await raw.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute()
  const applied: string[] = []
  for (const m of MIGRATIONS) {
    const done = await raw.transaction().execute(async (trx) => {
      // Serialise concurrent starts of several instances on PostgreSQL.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(4242001)`.execute(trx)
      const row = await trx
        .selectFrom('schema_migrations')
        .select('name')
        .where('name', '=', m.name)
        .executeTakeFirst()
      if (row) return false
      await m.up(trx as unknown as Kysely<unknown>, dialect)
      await trx
        .insertInto('schema_migrations')
        .values({ name: m.name, applied_at: new Date().toISOString() })
        .execute()
      return true
    })
    if (done) applied.push(m.name)
  }
  return applied
}
