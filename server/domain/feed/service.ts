import type { Db } from '../../db/database'
import { BadRequestError } from '../../errors'
import { decodeBookmark, DEFAULT_PAGE_SIZE, encodeBookmark } from '../pagination'
import type { AnalyticsSink } from '../analytics/recorder'
import type { Caches } from '../caches'
import { pageJson, type JsonText } from '../json-text'
import type { PageParams } from '../pins/service'
import type { PinViews } from '../pins/views'
import { createFeedRepository } from './repository'

/**
 * Where a feed page starts. Phase 1 walks the viewer's network newest first (by id); phase 2
 * walks popular pins (by save_count, then id) outside that network, so no pin shows twice.
 */
type FeedPosition =
  { phase: 1; id: number | null } | { phase: 2; after: { saves: number; id: number } | null }

function parsePosition(bookmark: string | undefined, signedIn: boolean): FeedPosition {
  if (!bookmark) return signedIn ? { phase: 1, id: null } : { phase: 2, after: null }
  const b = decodeBookmark(bookmark, { p: 'flag' }, { id: 'id', s: 'count' })!
  if (b.p === 1 && signedIn && b.id !== undefined && b.s === undefined) {
    return { phase: 1, id: b.id }
  }
  if (b.p === 2 && b.s === undefined && b.id === undefined) return { phase: 2, after: null }
  if (b.p === 2 && b.s !== undefined && b.id !== undefined) {
    return { phase: 2, after: { saves: b.s, id: b.id } }
  }
  throw new BadRequestError('bookmark is not valid for this list.', 'invalid_bookmark')
}

export function createFeedService(deps: {
  db: Db
  views: PinViews
  caches: Caches
  /** the pins a feed page serves are impressions */
  analytics: Pick<AnalyticsSink, 'impressions'>
}) {
  const { db, views, analytics } = deps
  const repo = createFeedRepository(db, deps.caches)

  return {
    /** The home feed: the viewer's network newest first, then popular pins; anonymous: popular. */
    async home(viewerId: number | null, params: PageParams): Promise<JsonText> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const pos = parsePosition(params.bookmark, viewerId !== null)
      let ids: number[] = []
      let bookmark: string | null = null

      if (pos.phase === 1) {
        const network = repo.network(viewerId!, pos.id, size + 1)
        ids = Array.isArray(network) ? network : await network
        if (ids.length > size) {
          ids = ids.slice(0, size)
          bookmark = encodeBookmark({ p: 1, id: ids[size - 1]! })
        }
      }
      if (bookmark === null) {
        // Phase 1 ran out on this page: fill the rest of it with popular pins.
        const after = pos.phase === 2 ? pos.after : null
        const room = size - ids.length
        const popular = await repo.popular(viewerId, after, room + 1)
        if (popular.length > room) {
          const last = popular[room - 1]
          bookmark = encodeBookmark(
            last ? { p: 2, s: Number(last.save_count), id: last.id } : { p: 2 },
          )
          ids = ids.concat(popular.slice(0, room).map((r) => r.id))
        } else {
          ids = ids.concat(popular.map((r) => r.id))
        }
      }
      const pins = views.many(ids, viewerId, (served) => analytics.impressions(viewerId, served))
      return pageJson(Array.isArray(pins) ? pins : await pins, bookmark)
    },
  }
}

export type FeedService = ReturnType<typeof createFeedService>
