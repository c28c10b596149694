import pg from 'pg'

/**
 * The dialect matrix every integration suite runs over (as Kysely's own tests do).
 * PostgreSQL is mandatory with CI=true; elsewhere it is skipped, loudly, when unreachable.
 */
export const PG_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

export type TestDialect = 'sqlite' | 'postgres'

async function detect(): Promise<TestDialect[]> {
  if (await postgresReachable()) return ['sqlite', 'postgres']
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but PostgreSQL is not reachable at ${PG_URL}`)
  }
  console.warn(
    `\n  ⚠ PostgreSQL not reachable at ${PG_URL}: the postgres half of the dialect matrix is SKIPPED.\n`,
  )
  return ['sqlite']
}

export const DIALECTS: TestDialect[] = await detect()
