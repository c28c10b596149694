import type { Db } from '../db/database'
import { preparedQuery } from '../db/prepared'
import type { Caches } from './caches'
import { createOwnSaves, type SavesByOriginal } from './pins/saves'

/** Above this many likes a reader's likes are looked up per page instead of kept. */
const MAX_KEPT_LIKES = 2_000

/** What a signed-in reader's view of pins depends on, besides the pins themselves. */
export interface Reader {
  /** people this reader blocked or was blocked by */
  blocked: ReadonlySet<number>
  /** pins this reader likes; null when there are too many to keep */
  liked: ReadonlySet<number> | null
  /** this reader's pins (their saves and their own originals) by original; null: too many */
  saved: SavesByOriginal | null
  /** group boards this reader owns or collaborates on: their secret pins are the reader's to see */
  groupBoards: ReadonlySet<number>
}

/**
 * Readers' blocks, likes and saves, kept per user id for the hottest reads. Whoever changes them
 * declares the users concerned in their unit (`unit.changed('readers', userIds)`).
 */
export function createReaders(db: Db, caches: Caches) {
  const cache = caches.of<number, Reader>('readers')
  const blocksOf = preparedQuery(db, 1, (userId: number) =>
    db
      .selectFrom('blocks')
      .select('blocked_id as id')
      .where('blocker_id', '=', userId)
      .union(db.selectFrom('blocks').select('blocker_id as id').where('blocked_id', '=', userId)),
  )
  const likesOf = preparedQuery(db, 1, (userId: number) =>
    db
      .selectFrom('pin_likes')
      .select('pin_id')
      .where('user_id', '=', userId)
      .limit(MAX_KEPT_LIKES + 1),
  )
  const savesOf = createOwnSaves(db)
  const groupBoardsOf = preparedQuery(db, 2, (userId: number, ownerId: number) =>
    db
      .selectFrom('board_collaborators')
      .select('board_id')
      .where('user_id', '=', userId)
      .union(
        db
          .selectFrom('board_collaborators as bc')
          .innerJoin('boards as b', 'b.id', 'bc.board_id')
          .select('bc.board_id')
          .where('b.owner_id', '=', ownerId),
      ),
  )

  return {
    /** The reader, when already in memory. */
    known: (userId: number): Reader | undefined => cache.get(userId),

    async of(userId: number): Promise<Reader> {
      const known = cache.get(userId)
      if (known) return known
      const stamp = cache.stamp()
      const [blocks, likes, saved, groupBoards] = await Promise.all([
        blocksOf(userId),
        likesOf(userId),
        savesOf(userId),
        groupBoardsOf(userId, userId),
      ])
      const reader: Reader = {
        blocked: new Set(blocks.map((r) => Number(r.id))),
        liked: likes.length > MAX_KEPT_LIKES ? null : new Set(likes.map((r) => Number(r.pin_id))),
        saved,
        groupBoards: new Set(groupBoards.map((r) => Number(r.board_id))),
      }
      cache.set(userId, reader, stamp)
      return reader
    },
  }
}

export type Readers = ReturnType<typeof createReaders>
