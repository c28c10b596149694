import type { Kysely, Transaction } from 'kysely'
import type { Db } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import type { Database } from '../../db/schema'
import type { BoardRow } from '../boards/access'
import { userSummaryColumns, type UserSummaryRow } from '../graph/user-summary'

type Conn = Kysely<Database>
type Trx = Transaction<Database>

/** Rows per `in (…)` list: well under either database's parameter limit. */
const CHUNK = 500

async function inChunks<I, T>(items: I[], read: (part: I[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < items.length; i += CHUNK) {
    out.push(...(await read(items.slice(i, i + CHUNK))))
  }
  return out
}

/** A public pin as suggestions weigh it: whose, on which board, how saved, its picture. */
export interface CandidatePin {
  id: number
  owner_id: number
  board_id: number
  save_count: number
  media_key: string
  dominant_color: string | null
}

export function createOnboardingRepository(db: Db) {
  return {
    async onboardedAt(userId: number): Promise<string | null> {
      const row = await db
        .selectFrom('users')
        .select('onboarded_at')
        .where('id', '=', userId)
        .executeTakeFirst()
      return row?.onboarded_at ?? null
    },

    /** The names of the newest `limit` public boards: what people file pins under. */
    async publicBoardNames(limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('boards')
        .select('name')
        .where('privacy', '=', 'PUBLIC')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => r.name)
    },

    /** How many public pins hold each of `terms` (search statistics, see search/statistics.ts). */
    async publicPinCounts(terms: string[]): Promise<Map<string, number>> {
      const rows = await inChunks(terms, (part) =>
        db.selectFrom('search_terms').select(['term', 'df']).where('term', 'in', part).execute(),
      )
      return new Map(rows.map((r) => [r.term, Number(r.df)]))
    },

    /** The most saved public pins (pins_popular), newest first among equals. */
    async popularPinIds(limit: number): Promise<number[]> {
      const rows = await db
        .selectFrom('pins')
        .select('id')
        .where('secret', '=', 0)
        .orderBy('save_count', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => r.id)
    },

    /** Those of `ids` that are public pins, with what suggestions weigh. */
    publicPins: (ids: number[]): Promise<CandidatePin[]> =>
      inChunks(ids, (part) =>
        db
          .selectFrom('pins as p')
          .leftJoin('media as m', 'm.key', 'p.media_key')
          .select([
            'p.id',
            'p.owner_id',
            'p.board_id',
            'p.save_count',
            'p.media_key',
            'm.dominant_color',
          ])
          .where('p.id', 'in', part)
          .where('p.secret', '=', 0)
          .execute(),
      ),

    /** Of `userIds`, those the viewer follows already. */
    async followedUsers(viewerId: number, userIds: number[]): Promise<Set<number>> {
      const rows = await inChunks(userIds, (part) =>
        db
          .selectFrom('follows')
          .select('followee_id as id')
          .where('follower_id', '=', viewerId)
          .where('followee_id', 'in', part)
          .execute(),
      )
      return new Set(rows.map((r) => Number(r.id)))
    },

    /** Of `boardIds`, those the viewer follows already. */
    async followedBoards(viewerId: number, boardIds: number[]): Promise<Set<number>> {
      const rows = await inChunks(boardIds, (part) =>
        db
          .selectFrom('board_follows')
          .select('board_id as id')
          .where('user_id', '=', viewerId)
          .where('board_id', 'in', part)
          .execute(),
      )
      return new Set(rows.map((r) => Number(r.id)))
    },

    /** Of `userIds`, those who blocked the viewer or whom the viewer blocked. */
    async blockedWith(viewerId: number, userIds: number[], conn: Conn = db): Promise<Set<number>> {
      const rows = await inChunks(userIds, (part) =>
        conn
          .selectFrom('blocks')
          .select(['blocker_id', 'blocked_id'])
          .where((eb) =>
            eb.or([
              eb.and([eb('blocker_id', '=', viewerId), eb('blocked_id', 'in', part)]),
              eb.and([eb('blocked_id', '=', viewerId), eb('blocker_id', 'in', part)]),
            ]),
          )
          .execute(),
      )
      return new Set(
        rows.map((r) =>
          Number(r.blocker_id) === viewerId ? Number(r.blocked_id) : Number(r.blocker_id),
        ),
      )
    },

    /** People as list rows (with whether the viewer follows them) and their follower counts. */
    people: (ids: number[], viewerId: number) =>
      inChunks(ids, (part) =>
        db
          .selectFrom('users as u')
          .select((eb) => [
            ...userSummaryColumns(eb, viewerId),
            'u.created_at as since',
            eb
              .selectFrom('follows as fc')
              .select((f) => f.fn.countAll<number>().as('n'))
              .whereRef('fc.followee_id', '=', 'u.id')
              .as('follower_count'),
          ])
          .where('u.id', 'in', part)
          .execute(),
      ) as Promise<(UserSummaryRow & { follower_count: number | null })[]>,

    /** Those of `ids` that are public boards. */
    publicBoards: (ids: number[]): Promise<BoardRow[]> =>
      inChunks(ids, (part) =>
        db
          .selectFrom('boards')
          .selectAll()
          .where('id', 'in', part)
          .where('privacy', '=', 'PUBLIC')
          .execute(),
      ),

    /**
     * Locks the rows of these people (the viewer among them) in id order until the transaction
     * ends, as every follow does for its pair: concurrent follows and blocks between any of them
     * wait, and two first sign-ins lock in one order. Answers those that exist.
     */
    async lockPeople(trx: Trx, ids: number[]): Promise<Set<number>> {
      const rows = await trx
        .selectFrom('users')
        .select('id')
        .where('id', 'in', [...new Set(ids)])
        .orderBy('id')
        .$call(forUpdate(trx))
        .execute()
      return new Set(rows.map((r) => Number(r.id)))
    },

    /** Board owners and privacy, unlocked (their owners are locked first, then the boards). */
    boardOwners: (trx: Trx, ids: number[]) =>
      inChunks(ids, (part) =>
        trx.selectFrom('boards').select(['id', 'owner_id']).where('id', 'in', part).execute(),
      ),

    async markOnboarded(trx: Trx, userId: number, now: string): Promise<string> {
      await trx
        .updateTable('users')
        .set({ onboarded_at: now })
        .where('id', '=', userId)
        .where('onboarded_at', 'is', null)
        .execute()
      const row = await trx
        .selectFrom('users')
        .select('onboarded_at')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
      return row.onboarded_at ?? now
    },
  }
}

export type OnboardingRepository = ReturnType<typeof createOnboardingRepository>
