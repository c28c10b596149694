import type { Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * The home feed shows one card per original pin (see domain/feed/cards.ts): a save belongs to
 * the root of its save chain, `pins.root_pin_id` (null on an original). This adds the column
 * and the index that finds an original's saves; 013-saved-pins backfills the column for the
 * saves that exist and has the database fill it on every insert.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('pins')
    .addColumn('root_pin_id', dialect === 'postgres' ? 'bigint' : 'integer')
    .execute()
  await db.schema.createIndex('pins_root').on('pins').columns(['root_pin_id', 'id']).execute()
}
