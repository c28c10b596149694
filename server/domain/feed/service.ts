import { sql } from 'kysely'
import type { Page, Pin } from '../../../protocol/api'
import type { Db } from '../../db/database'
import { BadRequestError } from '../../errors'
import { notBlockedWith } from '../graph/blocks'
import { decodeBookmark, DEFAULT_PAGE_SIZE, encodeBookmark } from '../pagination'
import { selectPinViews, visiblePinsTo, type PinViewRow } from '../pins/repository'
import type { PageParams, PinsService } from '../pins/service'

/**
 * Where a feed page starts. Phase 1 walks the viewer's network newest first (by id); phase 2
 * walks popular pins (by save_count, then id) outside that network, so no pin shows twice.
 */
type FeedPosition =
  { phase: 1; id: number | null } | { phase: 2; after: { saves: number; id: number } | null }

function parsePosition(bookmark: string | undefined, signedIn: boolean): FeedPosition {
  if (!bookmark) return signedIn ? { phase: 1, id: null } : { phase: 2, after: null }
  const b = decodeBookmark(bookmark, ['p']) as Record<string, unknown>
  if (b.p === 1 && signedIn && typeof b.id === 'number') return { phase: 1, id: b.id }
  if (b.p === 2 && b.s === undefined) return { phase: 2, after: null }
  if (b.p === 2 && typeof b.s === 'number' && typeof b.id === 'number') {
    return { phase: 2, after: { saves: b.s, id: b.id } }
  }
  throw new BadRequestError('bookmark is not valid for this list.', 'invalid_bookmark')
}

/** Pins from the viewer, the people they follow and the boards they follow. */
function inNetwork(viewerId: number) {
  return sql<boolean>`(p.owner_id = ${viewerId} or p.owner_id in (select f.followee_id from follows f where f.follower_id = ${viewerId}) or p.board_id in (select bf.board_id from board_follows bf where bf.user_id = ${viewerId}))`
}

export function createFeedService(deps: { db: Db; pins: PinsService }) {
  const { db, pins } = deps

  function networkPage(viewerId: number, beforeId: number | null, limit: number) {
    let q = selectPinViews(db).where(inNetwork(viewerId)).where(visiblePinsTo(viewerId))
    if (beforeId !== null) q = q.where('p.id', '<', beforeId)
    return q.orderBy('p.id', 'desc').limit(limit).execute()
  }

  function popularPage(
    viewerId: number | null,
    after: { saves: number; id: number } | null,
    limit: number,
  ) {
    let q = selectPinViews(db).where('p.secret', '=', 0)
    if (viewerId !== null) {
      q = q
        .where(notBlockedWith(viewerId, 'p.owner_id'))
        .where(sql<boolean>`not ${inNetwork(viewerId)}`)
    }
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb('p.save_count', '<', after.saves),
          eb.and([eb('p.save_count', '=', after.saves), eb('p.id', '<', after.id)]),
        ]),
      )
    }
    return q.orderBy('p.save_count', 'desc').orderBy('p.id', 'desc').limit(limit).execute()
  }

  return {
    /** The home feed: the viewer's network newest first, then popular pins; anonymous: popular. */
    async home(viewerId: number | null, params: PageParams): Promise<Page<Pin>> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const pos = parsePosition(params.bookmark, viewerId !== null)
      let rows: PinViewRow[] = []
      let bookmark: string | null = null

      if (pos.phase === 1) {
        rows = await networkPage(viewerId!, pos.id, size + 1)
        if (rows.length > size) {
          rows = rows.slice(0, size)
          bookmark = encodeBookmark({ p: 1, id: rows[size - 1]!.id })
        }
      }
      if (bookmark === null) {
        // Phase 1 ran out on this page: fill the rest of it with popular pins.
        const after = pos.phase === 2 ? pos.after : null
        const room = size - rows.length
        const popular = await popularPage(viewerId, after, room + 1)
        if (popular.length > room) {
          const last = popular[room - 1]
          bookmark = encodeBookmark(
            last ? { p: 2, s: Number(last.save_count), id: last.id } : { p: 2 },
          )
          rows = rows.concat(popular.slice(0, room))
        } else {
          rows = rows.concat(popular)
        }
      }
      return { items: await pins.toPins(rows, viewerId), bookmark }
    },
  }
}

export type FeedService = ReturnType<typeof createFeedService>
