import type { Kysely } from 'kysely'

/**
 * Index-only walks for the home feed's network phase (public pins of a followed person or
 * board, newest first), and the lookup of profile images when serving media.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('pins_owner_public')
    .on('pins')
    .columns(['owner_id', 'secret', 'id'])
    .execute()
  await db.schema
    .createIndex('pins_board_public')
    .on('pins')
    .columns(['board_id', 'secret', 'id'])
    .execute()
  await db.schema
    .createIndex('users_profile_image')
    .on('users')
    .column('profile_image_key')
    .execute()
}
