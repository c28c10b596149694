import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * The home feed's network, written on change instead of computed on read (see
 * domain/feed/timeline.ts): one row per reader and pin, worked out here from existing follows.
 * The SQL is this version's own (frozen): a reader's own pins, and the public pins of the
 * people and boards they follow.
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
  // In key order, with the pin index built afterwards: three times faster for millions of rows.
  await sql`insert into feed_items (user_id, pin_id)
    select x.user_id, x.pin_id from (
      select p.owner_id as user_id, p.id as pin_id from pins p
      union
      select f.follower_id, p.id from pins p join follows f on f.followee_id = p.owner_id
        where p.secret = 0
      union
      select bf.user_id, p.id from pins p join board_follows bf on bf.board_id = p.board_id
        where p.secret = 0
    ) as x order by 1, 2`.execute(db)
  await db.schema.createIndex('feed_items_pin').on('feed_items').column('pin_id').execute()
}
