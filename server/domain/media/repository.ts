import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/database'
import type { Database, MediaTable } from '../../db/schema'
import { notBlockedWith } from '../graph/blocks'

export function createMediaRepository(db: Db) {
  return {
    insert: (trx: Transaction<Database>, row: MediaTable) =>
      trx.insertInto('media').values(row).execute(),

    find: (key: string) =>
      db.selectFrom('media').selectAll().where('key', '=', key).executeTakeFirst(),

    /**
     * Whether `viewerId` may see the image: they own it, it is someone's profile image, or it
     * shows on a pin they may see (a public board, an owner they have no block with).
     */
    async isVisible(key: string, viewerId: number | null): Promise<boolean> {
      const row = await db
        .selectNoFrom([
          sql<number>`exists (select 1 from pins where pins.media_key = ${key} and (pins.secret = 0 or pins.owner_id = ${viewerId}) and ${notBlockedWith(viewerId, 'pins.owner_id')})`.as(
            'on_pin',
          ),
          sql<number>`exists (select 1 from media where media.key = ${key} and media.owner_id = ${viewerId})`.as(
            'owned',
          ),
          sql<number>`exists (select 1 from users where users.profile_image_key = ${key})`.as(
            'avatar',
          ),
        ])
        .executeTakeFirstOrThrow()
      return Boolean(Number(row.on_pin) || Number(row.owned) || Number(row.avatar))
    },
  }
}
