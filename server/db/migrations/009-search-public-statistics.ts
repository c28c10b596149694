import type { Kysely } from 'kysely'
import { countPublicPinsOnly, rebuildSearchIndex } from '../../domain/search/indexer'
import type { Database } from '../schema'

/**
 * Search statistics count public pins only: `search_docs.counted` says whether a pin's terms
 * are in `search_terms` (it is public); the secret pins counted so far are taken out. A
 * database whose index was never filled (search came with 005, which now leaves that to here)
 * is indexed from scratch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('search_docs')
    .addColumn('counted', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  const conn = db as Kysely<Database>
  const indexed = await conn.selectFrom('search_docs').select('pin_id').limit(1).execute()
  if (indexed.length === 0) await rebuildSearchIndex(conn)
  else await countPublicPinsOnly(conn)
}
