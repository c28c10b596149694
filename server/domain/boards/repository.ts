import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import type { Database } from '../../db/schema'
import { notBlockedWith } from '../graph/blocks'
import { ownerNotSuspended } from '../moderation/suspension'
import type { BoardRow } from './access'

type Trx = Transaction<Database>

/** Which of an owner's boards a list shows. */
export type PrivacyFilter = 'ALL' | 'PUBLIC' | 'SECRET' | 'NONE'

export interface BoardStatsRow {
  id: number
  owner_username: string
  pin_count: number
  follower_count: number
  collaborator_count: number
  is_following: number | boolean | null
}

/** Boards the thumbnail query takes in one statement (SQLite caps compound selects at 500). */
const THUMBNAIL_CHUNK = 100

export function createBoardsRepository(db: Db) {
  return {
    findUser: (username: string) =>
      db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .where('suspended_at', 'is', null)
        .executeTakeFirst(),

    /** Owner name, counts and the viewer's follow for each board, in one query. */
    stats(ids: number[], viewerId: number | null): Promise<BoardStatsRow[]> {
      if (ids.length === 0) return Promise.resolve([])
      return db
        .selectFrom('boards as b')
        .innerJoin('users as u', 'u.id', 'b.owner_id')
        .select((eb) => [
          'b.id',
          'u.username as owner_username',
          eb
            .selectFrom('pins')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('pins.board_id', '=', 'b.id')
            .as('pin_count'),
          eb
            .selectFrom('board_follows as bf')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('bf.board_id', '=', 'b.id')
            .as('follower_count'),
          eb
            .selectFrom('board_collaborators as bcc')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('bcc.board_id', '=', 'b.id')
            .as('collaborator_count'),
          viewerId === null
            ? eb.val(null).as('is_following')
            : eb
                .exists(
                  eb
                    .selectFrom('board_follows as vf')
                    .select('vf.board_id')
                    .where('vf.user_id', '=', viewerId)
                    .whereRef('vf.board_id', '=', 'b.id'),
                )
                .as('is_following'),
        ])
        .where('b.id', 'in', ids)
        .execute() as Promise<BoardStatsRow[]>
    },

    /** The media keys of each board's `perBoard` newest pins, newest first. */
    async newestMedia(ids: number[], perBoard: number) {
      const rows: { board_id: number; media_key: string; id: number }[] = []
      for (let i = 0; i < ids.length; i += THUMBNAIL_CHUNK) {
        const parts = ids
          .slice(i, i + THUMBNAIL_CHUNK)
          .map((boardId) =>
            db
              .selectFrom((eb) =>
                eb
                  .selectFrom('pins')
                  .select(['board_id', 'media_key', 'id'])
                  .where('board_id', '=', boardId)
                  .orderBy('id', 'desc')
                  .limit(perBoard)
                  .as('t'),
              )
              .selectAll(),
          )
        const query = parts.slice(1).reduce((q, p) => q.unionAll(p), parts[0]!)
        rows.push(...(await query.execute()))
      }
      return rows.sort((a, b) => b.id - a.id)
    },

    /** A page of one owner's boards, newest first. */
    listOwned(ownerId: number, privacy: PrivacyFilter, afterId: number | null, limit: number) {
      return db
        .selectFrom('boards')
        .selectAll()
        .where('owner_id', '=', ownerId)
        .$if(privacy === 'NONE', (q) => q.where(sql<boolean>`1 = 0`))
        .$if(privacy === 'PUBLIC' || privacy === 'SECRET', (q) =>
          q.where('privacy', '=', privacy as 'PUBLIC'),
        )
        .$if(afterId !== null, (q) => q.where('id', '<', afterId!))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
    },

    /** A page of the boards `userId` follows that they may still see, newest follow first. */
    listFollowed(userId: number, after: { since: string; id: number } | null, limit: number) {
      return db
        .selectFrom('board_follows as f')
        .innerJoin('boards as bd', 'bd.id', 'f.board_id')
        .selectAll('bd')
        .select('f.created_at as since')
        .where('f.user_id', '=', userId)
        .where((eb) => eb.or([eb('bd.privacy', '=', 'PUBLIC'), eb('bd.owner_id', '=', userId)]))
        .where(notBlockedWith(userId, 'bd.owner_id'))
        .where(ownerNotSuspended('bd.owner_id'))
        .$if(after !== null, (q) =>
          q.where((eb) =>
            eb.or([
              eb('f.created_at', '<', after!.since),
              eb.and([eb('f.created_at', '=', after!.since), eb('bd.id', '<', after!.id)]),
            ]),
          ),
        )
        .orderBy('f.created_at', 'desc')
        .orderBy('bd.id', 'desc')
        .limit(limit)
        .execute()
    },

    /** Whether the owner has another board of this name (names compare case-insensitively). */
    async nameTaken(trx: Trx, ownerId: number, name: string, exceptId?: number) {
      const row = await trx
        .selectFrom('boards')
        .select('id')
        .where('owner_id', '=', ownerId)
        .where(sql<boolean>`lower(name) = lower(${name})`)
        .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
        .executeTakeFirst()
      return row !== undefined
    },

    insert: (trx: Trx, values: Omit<BoardRow, 'id'>) =>
      trx.insertInto('boards').values(values).returningAll().executeTakeFirstOrThrow(),

    update: (
      trx: Trx,
      boardId: number,
      set: Partial<Pick<BoardRow, 'name' | 'description' | 'privacy'>>,
    ) =>
      trx
        .updateTable('boards')
        .set(set)
        .where('id', '=', boardId)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** Keeps the pins' denormalised `secret` flag in step with their board. */
    async setPinsSecret(trx: Trx, boardId: number, secret: boolean) {
      await trx
        .updateTable('pins')
        .set({ secret: secret ? 1 : 0 })
        .where('board_id', '=', boardId)
        .execute()
    },

    async removeFollowers(trx: Trx, boardId: number) {
      await trx.deleteFrom('board_follows').where('board_id', '=', boardId).execute()
    },

    async delete(trx: Trx, boardId: number) {
      await trx.deleteFrom('boards').where('id', '=', boardId).execute()
    },

    /** Locks the board's row until the transaction ends (PostgreSQL), and reads it. */
    lockBoard: (trx: Trx, boardId: number) =>
      trx
        .selectFrom('boards')
        .selectAll()
        .where('id', '=', boardId)
        .$call(forUpdate(trx))
        .executeTakeFirst(),

    async follow(trx: Trx, userId: number, boardId: number, now: string) {
      await trx
        .insertInto('board_follows')
        .values({ user_id: userId, board_id: boardId, created_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'board_id']).doNothing())
        .execute()
    },

    /** Returns whether there was a follow to remove. */
    async unfollow(trx: Trx, userId: number, boardId: number) {
      const res = await trx
        .deleteFrom('board_follows')
        .where('user_id', '=', userId)
        .where('board_id', '=', boardId)
        .executeTakeFirst()
      return Number(res.numDeletedRows) > 0
    },

    listSections: (boardId: number, afterId: number | null, limit: number) =>
      db
        .selectFrom('board_sections')
        .select(['id', 'name'])
        .where('board_id', '=', boardId)
        .$if(afterId !== null, (q) => q.where('id', '>', afterId!))
        .orderBy('id')
        .limit(limit)
        .execute(),

    async sectionNameTaken(trx: Trx, boardId: number, name: string, exceptId?: number) {
      const row = await trx
        .selectFrom('board_sections')
        .select('id')
        .where('board_id', '=', boardId)
        .where(sql<boolean>`lower(name) = lower(${name})`)
        .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
        .executeTakeFirst()
      return row !== undefined
    },

    insertSection: (trx: Trx, boardId: number, name: string, now: string) =>
      trx
        .insertInto('board_sections')
        .values({ board_id: boardId, name, created_at: now })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow(),

    renameSection: (trx: Trx, sectionId: number, name: string) =>
      trx
        .updateTable('board_sections')
        .set({ name })
        .where('id', '=', sectionId)
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow(),

    async deleteSection(trx: Trx, sectionId: number) {
      await trx.deleteFrom('board_sections').where('id', '=', sectionId).execute()
    },
  }
}

export type BoardsRepository = ReturnType<typeof createBoardsRepository>
