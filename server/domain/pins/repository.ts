import { notBlockedWith } from '../graph/blocks'
import { sql, type SelectQueryBuilder, type Transaction } from 'kysely'
import type { Db } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import { ownerNotSuspended } from '../moderation/suspension'
import { preparedQuery } from '../../db/prepared'
import type { Database, PinTable } from '../../db/schema'

export type PinRow = Omit<PinTable, 'id'> & { id: number }

/** A pin with what its card shows: the owner's username and the image's size and colour. */
export interface PinViewRow {
  id: number
  created_at: string
  title: string
  description: string
  link: string | null
  alt_text: string | null
  board_id: number
  board_section_id: number | null
  parent_pin_id: number | null
  /** the root of its save chain (null on an original): the viewer's saves match by it */
  root_pin_id: number | null
  owner_id: number
  source_domain: string | null
  save_count: number
  like_count: number
  media_key: string
  owner_username: string
  width: number
  height: number
  dominant_color: string
  /** whether the viewer likes the pin, when the query was built for a signed-in viewer */
  liked?: number | boolean
}

type PinViewQuery = SelectQueryBuilder<
  Database & { p: PinTable },
  'p' | 'users' | 'media',
  PinViewRow
>

type PinIdQuery = SelectQueryBuilder<Database & { p: PinTable }, 'p', { id: number }>

/**
 * The one query shape every pin list is built on: pins joined with their owner and image, and
 * for a signed-in viewer whether they like it — one query per page, no N+1.
 */
export function selectPinViews(db: Db, viewerId: number | null = null): PinViewQuery {
  const q = db
    .selectFrom('pins as p')
    .innerJoin('users', 'users.id', 'p.owner_id')
    .innerJoin('media', 'media.key', 'p.media_key')
    .select([
      'p.id',
      'p.created_at',
      'p.title',
      'p.description',
      'p.link',
      'p.alt_text',
      'p.board_id',
      'p.board_section_id',
      'p.parent_pin_id',
      'p.root_pin_id',
      'p.owner_id',
      'p.source_domain',
      'p.save_count',
      'p.like_count',
      'p.media_key',
      'users.username as owner_username',
      'media.width',
      'media.height',
      'media.dominant_color',
    ])
  const withLiked =
    viewerId === null
      ? q
      : q.select(
          sql<number>`exists (select 1 from pin_likes pl where pl.user_id = ${viewerId} and pl.pin_id = p.id)`.as(
            'liked',
          ),
        )
  return withLiked as unknown as PinViewQuery
}

/**
 * The same rule as `notBlockedWith`, written as two index probes: SQLite runs this several
 * times faster than one NOT EXISTS over an OR, which matters on the hottest reads.
 */
/**
 * A secret pin (alias `p`) on a group board the viewer owns or collaborates on (migration 020):
 * a board with collaborators shows every collaborator's pins to all of them and its owner.
 */
export function onViewersGroupBoard(viewerId: number) {
  return sql<boolean>`exists (select 1 from board_collaborators gbc inner join boards gb on gb.id = gbc.board_id where gbc.board_id = p.board_id and (gbc.user_id = ${viewerId} or gb.owner_id = ${viewerId}))`
}

/**
 * Pins the viewer may see: public-board pins, their own, and those of a group board they are on,
 * from no one they have a block with.
 */
export function visiblePinsTo(viewerId: number | null) {
  if (viewerId === null) return sql<boolean>`p.secret = 0`
  return sql<boolean>`(p.secret = 0 or p.owner_id = ${viewerId} or ${onViewersGroupBoard(viewerId)}) and ${notBlockedWith(viewerId, 'p.owner_id')}`
}

/**
 * The board's `secret` flag for a pin written onto it, read under the board's row lock
 * (PostgreSQL; SQLite serialises writers), so a board turning SECRET at the same moment
 * cannot leave a pin on it flagged public. Null when the board is gone.
 */
export async function lockedBoardSecret(
  trx: Transaction<Database>,
  boardId: number,
): Promise<number | null> {
  const board = await trx
    .selectFrom('boards')
    .select('privacy')
    .where('id', '=', boardId)
    .$call(forUpdate(trx))
    .executeTakeFirst()
  return board ? (board.privacy === 'SECRET' ? 1 : 0) : null
}

/** A new pin's own fields; its secret flag, zeroed counters and created_at come on insert. */
export type NewPin = Omit<
  PinTable,
  'id' | 'secret' | 'save_count' | 'like_count' | 'click_count' | 'created_at' | 'root_pin_id'
>

/** Inserts a pin with its counters at zero; answers its id. */
export async function insertPin(
  trx: Transaction<Database>,
  pin: NewPin,
  secret: number,
  now: string,
): Promise<number> {
  const row = await trx
    .insertInto('pins')
    .values({ ...pin, secret, save_count: 0, like_count: 0, click_count: 0, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

/**
 * The owner's pin of this original on this board, if any (the oldest): what a save into the
 * board answers instead of a duplicate. Found by (owner_id, root_pin_id) or the original itself.
 */
export async function pinOfOriginalOnBoard(
  trx: Transaction<Database>,
  ownerId: number,
  boardId: number,
  original: number,
): Promise<number | null> {
  const row = await trx
    .selectFrom('pins')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where('board_id', '=', boardId)
    .where((eb) =>
      eb.or([
        eb('root_pin_id', '=', original),
        eb.and([eb('id', '=', original), eb('root_pin_id', 'is', null)]),
      ]),
    )
    .orderBy('id')
    .limit(1)
    .executeTakeFirst()
  return row ? Number(row.id) : null
}

/** Which of `pinIds` the viewer likes, in one query. */
export async function likedAmong(db: Db, viewerId: number, pinIds: number[]): Promise<Set<number>> {
  if (pinIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('pin_likes')
    .select('pin_id')
    .where('user_id', '=', viewerId)
    .where('pin_id', 'in', pinIds)
    .execute()
  return new Set(rows.map((r) => Number(r.pin_id)))
}

export function createPinsRepository(db: Db) {
  // The hottest read of all: compiled once, for anonymous and for signed-in readers.
  const viewAnonymous = preparedQuery(db, 1, (pinId: number) =>
    selectPinViews(db).where('p.id', '=', pinId).where(visiblePinsTo(null)),
  )
  const viewSignedIn = preparedQuery(db, 2, (pinId: number, viewerId: number) =>
    selectPinViews(db, viewerId).where('p.id', '=', pinId).where(visiblePinsTo(viewerId)),
  )
  return {
    findView: async (pinId: number, viewerId: number | null): Promise<PinViewRow | undefined> =>
      (viewerId === null ? await viewAnonymous(pinId) : await viewSignedIn(pinId, viewerId))[0],

    /** The raw pin, if the viewer may see it. */
    findVisible: (pinId: number, viewerId: number | null) =>
      db
        .selectFrom('pins as p')
        .selectAll('p')
        .where('p.id', '=', pinId)
        .where(visiblePinsTo(viewerId))
        .where(ownerNotSuspended('p.owner_id'))
        .executeTakeFirst() as Promise<PinRow | undefined>,

    /** Ids of a page (newest first) of visible pins matching `filter`, fetching one extra. */
    async pageIds(
      viewerId: number | null,
      filter: (q: PinIdQuery) => PinIdQuery,
      beforeId: number | null,
      limit: number,
    ): Promise<number[]> {
      let q = filter(db.selectFrom('pins as p').select('p.id')).where(visiblePinsTo(viewerId))
      if (beforeId !== null) q = q.where('p.id', '<', beforeId)
      const rows = await q.orderBy('p.id', 'desc').limit(limit).execute()
      return rows.map((r) => Number(r.id))
    },

    likedAmong: (viewerId: number, pinIds: number[]) => likedAmong(db, viewerId, pinIds),

    userVisibleTo: (username: string, viewerId: number | null) =>
      db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .where('users.suspended_at', 'is', null)
        .where(notBlockedWith(viewerId, 'users.id'))
        .executeTakeFirst(),
  }
}
