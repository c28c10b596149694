import { sql, type Kysely } from 'kysely'
import { rebuildNetworks } from '../../domain/feed/timeline'
import type { Dialect } from '../database'
import type { Database } from '../schema'

/**
 * The home feed's network, written on change instead of computed on read (see
 * domain/feed/timeline.ts): one row per reader and pin, worked out here from existing follows.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  await db.schema
    .createTable('feed_items')
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('pin_id', ref, (c) => c.notNull().references('pins.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('feed_items_pk', ['user_id', 'pin_id'])
    .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .execute()
  await db.schema.createIndex('feed_items_pin').on('feed_items').column('pin_id').execute()
  await rebuildNetworks(db as Kysely<Database>)
}
