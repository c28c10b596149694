import { sql, type Kysely } from 'kysely'

/**
 * Search statistics count public pins only: `search_docs.counted` says whether a pin's terms
 * are in `search_terms` (it is public). Taking the secret pins counted so far out, or indexing
 * a database whose index was never filled (search came with 005, which left that to here),
 * needs the analyzer: it is left to a job (`search.count-public`, `search.rebuild`; see
 * domain/search/backfill.ts), which the runner takes once the server is up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('search_docs')
    .addColumn('counted', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  const exists = async (query: string) =>
    (await sql.raw(`select 1 from ${query} limit 1`).execute(db)).rows.length > 0
  const type = !(await exists('search_docs'))
    ? (await exists('users')) && 'search.rebuild'
    : (await exists('pins where secret = 1')) && 'search.count-public'
  if (!type) return
  const now = new Date().toISOString()
  await sql`insert into jobs (type, payload, run_at, attempts, created_at)
    values (${type}, '{}', ${now}, 0, ${now})`.execute(db)
}
