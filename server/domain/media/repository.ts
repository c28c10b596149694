import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/database'
import type { Database, MediaTable } from '../../db/schema'
import { visiblePinsTo } from '../pins/repository'

export function createMediaRepository(db: Db) {
  return {
    insert: (trx: Transaction<Database>, row: MediaTable) =>
      trx.insertInto('media').values(row).execute(),

    phashes: (keys: string[]) =>
      keys.length === 0
        ? Promise.resolve([])
        : db.selectFrom('media').select(['key', 'phash']).where('key', 'in', keys).execute(),

    /** Keeps a hash computed later (an image stored before hashes were). */
    setPhash: (trx: Transaction<Database>, key: string, phash: string) =>
      trx
        .updateTable('media')
        .set({ phash })
        .where('key', '=', key)
        .where('phash', 'is', null)
        .execute(),

    find: (key: string) =>
      db.selectFrom('media').selectAll().where('key', '=', key).executeTakeFirst(),

    /**
     * Whether `viewerId` may see the image: they own it, it is someone's profile image, or it
     * shows on a pin they may see (a public board, an owner they have no block with).
     */
    async isVisible(key: string, viewerId: number | null): Promise<boolean> {
      const row = await db
        .selectNoFrom([
          sql<number>`exists (select 1 from pins p where p.media_key = ${key} and ${visiblePinsTo(viewerId)})`.as(
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
