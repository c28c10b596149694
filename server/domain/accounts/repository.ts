import { sql, type Selectable } from 'kysely'
import type { Db } from '../../db/database'
import type { UserTable } from '../../db/schema'

export type UserRow = Selectable<UserTable>

export interface UserStats {
  board_count: number
  pin_count: number
  follower_count: number
  following_count: number
}

export function createAccountsRepository(db: Db) {
  return {
    findById: (id: number) =>
      db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),

    findByUsername: (username: string) =>
      db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst(),

    findByLogin: (login: string) =>
      db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb('username', '=', login), eb('email', '=', login)]))
        .executeTakeFirst(),

    /** Counts as the viewer may see them: secret boards and their pins count only for the owner. */
    async stats(userId: number, viewerId: number | null): Promise<UserStats> {
      const own = viewerId === userId
      const row = await db
        .selectNoFrom([
          sql<number>`(select count(*) from boards where owner_id = ${userId} ${own ? sql`` : sql`and privacy = 'PUBLIC'`})`.as(
            'board_count',
          ),
          sql<number>`(select count(*) from pins where owner_id = ${userId} ${own ? sql`` : sql`and secret = 0`})`.as(
            'pin_count',
          ),
          sql<number>`(select count(*) from follows where followee_id = ${userId})`.as(
            'follower_count',
          ),
          sql<number>`(select count(*) from follows where follower_id = ${userId})`.as(
            'following_count',
          ),
        ])
        .executeTakeFirstOrThrow()
      return {
        board_count: Number(row.board_count),
        pin_count: Number(row.pin_count),
        follower_count: Number(row.follower_count),
        following_count: Number(row.following_count),
      }
    },

    async relation(viewerId: number, userId: number) {
      const rows = await db
        .selectFrom('follows')
        .select(['follower_id', 'followee_id'])
        .where((eb) =>
          eb.or([
            eb.and([eb('follower_id', '=', viewerId), eb('followee_id', '=', userId)]),
            eb.and([eb('follower_id', '=', userId), eb('followee_id', '=', viewerId)]),
          ]),
        )
        .execute()
      return {
        is_following: rows.some((r) => r.follower_id === viewerId),
        follows_you: rows.some((r) => r.follower_id === userId),
      }
    },
  }
}

export type AccountsRepository = ReturnType<typeof createAccountsRepository>
