import type { Transaction } from 'kysely'
import type { Db } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import type { Database } from '../../db/schema'
import { notBlockedWith } from './blocks'
import { userSummaryColumns, type UserSummaryRow } from './user-summary'

/** Position in a list of users ordered newest edge first. */
export interface EdgeCursor {
  since: string
  id: number
}

/** Which edge list to read, relative to `userId`. */
export type EdgeList = 'followers' | 'following' | 'blocks'

/**
 * Locks the two users' rows until the transaction ends, so that a follow and a block between
 * the same pair cannot interleave (PostgreSQL; SQLite already runs one writer at a time).
 */
export async function lockUserPair(trx: Transaction<Database>, a: number, b: number) {
  await trx
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [a, b])
    .orderBy('id')
    .$call(forUpdate(trx))
    .execute()
}

/** An edge list normalised to (owner_id, other_id, created_at), owner being the list's subject. */
function edgesOf(db: Db, list: EdgeList) {
  switch (list) {
    case 'followers':
      return db
        .selectFrom('follows')
        .select(['followee_id as owner_id', 'follower_id as other_id', 'created_at'])
    case 'following':
      return db
        .selectFrom('follows')
        .select(['follower_id as owner_id', 'followee_id as other_id', 'created_at'])
    case 'blocks':
      return db
        .selectFrom('blocks')
        .select(['blocker_id as owner_id', 'blocked_id as other_id', 'created_at'])
  }
}

export function createGraphRepository(db: Db) {
  return {
    findUser: (username: string) =>
      db
        .selectFrom('users')
        .select(['id', 'username', 'suspended_at'])
        .where('username', '=', username)
        .executeTakeFirst(),

    /** One user as a list row, with whether `viewerId` follows them. */
    summary: (userId: number, viewerId: number) =>
      db
        .selectFrom('users as u')
        .select((eb) => [...userSummaryColumns(eb, viewerId), 'u.created_at as since'])
        .where('u.id', '=', userId)
        .executeTakeFirstOrThrow(),

    async follow(trx: Transaction<Database>, followerId: number, followeeId: number, now: string) {
      await trx
        .insertInto('follows')
        .values({ follower_id: followerId, followee_id: followeeId, created_at: now })
        .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
        .execute()
    },

    async unfollow(trx: Transaction<Database>, followerId: number, followeeId: number) {
      await trx
        .deleteFrom('follows')
        .where('follower_id', '=', followerId)
        .where('followee_id', '=', followeeId)
        .execute()
    },

    async block(trx: Transaction<Database>, blockerId: number, blockedId: number, now: string) {
      await trx
        .insertInto('blocks')
        .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: now })
        .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
        .execute()
    },

    async unblock(trx: Transaction<Database>, blockerId: number, blockedId: number) {
      await trx
        .deleteFrom('blocks')
        .where('blocker_id', '=', blockerId)
        .where('blocked_id', '=', blockedId)
        .execute()
    },

    /** Removes every follow between two people: of each other, and of each other's boards. */
    async severFollows(trx: Transaction<Database>, a: number, b: number) {
      await trx
        .deleteFrom('follows')
        .where((eb) =>
          eb.or([
            eb.and([eb('follower_id', '=', a), eb('followee_id', '=', b)]),
            eb.and([eb('follower_id', '=', b), eb('followee_id', '=', a)]),
          ]),
        )
        .execute()
      await trx
        .deleteFrom('board_follows')
        .where((eb) =>
          eb.or([
            eb.and([
              eb('user_id', '=', a),
              eb('board_id', 'in', eb.selectFrom('boards').select('id').where('owner_id', '=', b)),
            ]),
            eb.and([
              eb('user_id', '=', b),
              eb('board_id', 'in', eb.selectFrom('boards').select('id').where('owner_id', '=', a)),
            ]),
          ]),
        )
        .execute()
    },

    /**
     * One page of `userId`'s followers, followees or blocked users, newest edge first, as
     * `viewerId` may see them (people either has blocked are left out). Fetches `limit` rows.
     */
    listEdges(
      list: EdgeList,
      userId: number,
      viewerId: number | null,
      after: EdgeCursor | null,
      limit: number,
    ): Promise<UserSummaryRow[]> {
      let q = db
        .selectFrom(edgesOf(db, list).as('e'))
        .innerJoin('users as u', 'u.id', 'e.other_id')
        .where('e.owner_id', '=', userId)
      // The blocks list is the blocker's own, and must show the people they blocked.
      // (A suspended account is hidden from everyone's lists as from everything else.)
      if (list !== 'blocks') {
        q = q.where(notBlockedWith(viewerId, 'u.id')).where('u.suspended_at', 'is', null)
      }
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('e.created_at', '<', after.since),
            eb.and([eb('e.created_at', '=', after.since), eb('u.id', '<', after.id)]),
          ]),
        )
      }
      return q
        .select((eb) => [...userSummaryColumns(eb, viewerId), 'e.created_at as since'])
        .orderBy('e.created_at', 'desc')
        .orderBy('u.id', 'desc')
        .limit(limit)
        .execute()
    },
  }
}

export type GraphRepository = ReturnType<typeof createGraphRepository>
