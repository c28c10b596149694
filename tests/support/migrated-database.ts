import { openDatabase, type DbHandle } from '../../server/db/database'
import { migrate } from '../../server/db/migrate'
import { PG_URL, type TestDialect } from './dialects'
import { createPgSchema, type PgSchema } from './pg-schema'

/** on PostgreSQL, with the schema it works in (`schema.client()` for a connection of its own) */
export type MigratedDatabase = DbHandle & { schema?: PgSchema }

/**
 * A migrated database of a suite's own: SQLite in memory, or a PostgreSQL schema of its own
 * (named after `prefix`); `close` closes it and drops the schema.
 */
export async function openMigratedDatabase(
  dialect: TestDialect,
  prefix: string,
  poolSize: number,
): Promise<MigratedDatabase> {
  if (dialect === 'sqlite') {
    const handle = openDatabase({ dialect, sqlitePath: ':memory:' })
    await migrate(handle.db, dialect)
    return handle
  }
  const schema = await createPgSchema(prefix)
  const handle = openDatabase({ dialect, url: PG_URL, pgSchema: schema.name, poolSize })
  try {
    await migrate(handle.db, dialect)
  } catch (err) {
    await handle.close()
    await schema.drop()
    throw err
  }
  return {
    ...handle,
    schema,
    async close() {
      await handle.close()
      await schema.drop()
    },
  }
}
