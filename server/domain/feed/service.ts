import { BadRequestError } from '../../errors'
import { decodeBookmark, DEFAULT_PAGE_SIZE, encodeBookmark } from '../pagination'
import type { AnalyticsSink } from '../analytics/recorder'
import type { Caches } from '../caches'
import type { Db } from '../../db/database'
import { pageJson, type JsonPieces, type JsonText } from '../json-text'
import type { PageParams } from '../pins/service'
import type { PinViews, Shown } from '../pins/views'
import { closedWith, NO_SAVERS, type CardDetail, type CardRef } from './cards'
import { createNetworkCards } from './network'
import { createPageCache } from './page-cache'
import { createFeedRepository } from './repository'

/**
 * Where a feed page starts. Phase 1 walks the cards of the viewer's network, newest activity
 * first (see cards.ts); phase 2 walks popular original pins (by save_count, then id) outside
 * that network, so no pin shows twice.
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

type Rendered = Map<number, JsonPieces>

/** Renders `ids` (those the viewer may see) into `into`, by id; tells `served` who was shown. */
function renderInto(
  views: PinViews,
  ids: number[],
  viewerId: number | null,
  into: Rendered,
  served: { id: number; ownerId: number }[],
): void | Promise<void> {
  let shown: { id: number; ownerId: number }[] = []
  const collect: Shown = (pins) => (shown = pins)
  const keep = (pieces: JsonPieces[]) => {
    pieces.forEach((p, i) => into.set(shown[i]!.id, p))
    served.push(...shown)
  }
  const pieces = views.many(ids, viewerId, collect)
  if (Array.isArray(pieces)) return keep(pieces)
  return pieces.then(keep)
}

export function createFeedService(deps: {
  db: Db
  views: PinViews
  caches: Caches
  /** the pins a feed page serves are impressions */
  analytics: Pick<AnalyticsSink, 'impressions'>
}) {
  const { views, analytics } = deps
  const repo = createFeedRepository(deps.db)
  const network = createNetworkCards(repo, deps.caches)
  const pages = createPageCache(deps.caches)

  /**
   * The cards as JSON: each its original pin, or its newest network save when the viewer may
   * not see the original (checked by the views, with the reader's blocks as they are now).
   */
  async function renderCards(
    viewerId: number,
    cards: CardRef[],
    details: Map<number, CardDetail>,
    served: { id: number; ownerId: number }[],
  ): Promise<JsonPieces[]> {
    const rendered: Rendered = new Map()
    const first = cards.map((c) =>
      details.get(c.root)!.rootExists ? c.root : details.get(c.root)!.newest,
    )
    const done = renderInto(views, first, viewerId, rendered, served)
    if (done) await done
    const fallback = cards
      .map((c, i) => (rendered.has(first[i]!) ? 0 : details.get(c.root)!.newest))
      .filter((id) => id !== 0 && !rendered.has(id))
    if (fallback.length > 0) await renderInto(views, fallback, viewerId, rendered, served)
    const out: JsonPieces[] = []
    cards.forEach((c, i) => {
      const detail = details.get(c.root)!
      const pieces = rendered.get(first[i]!) ?? rendered.get(detail.newest)
      if (pieces) out.push(closedWith(pieces, detail.tail))
    })
    return out
  }

  return {
    /** The home feed: the viewer's network as cards, then popular pins; anonymous: popular. */
    async home(viewerId: number | null, params: PageParams): Promise<JsonText> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const pos = parsePosition(params.bookmark, viewerId !== null)
      // A page sent before and unchanged since goes out as it was (see page-cache.ts).
      const key = `${viewerId} ${params.bookmark ?? ''} ${size}`
      const hit = pages.get(key)
      if (hit) {
        analytics.impressions(viewerId, hit.served)
        return hit.body
      }
      const stamps = pages.stamps()
      let items: JsonPieces[] = []
      let bookmark: string | null = null
      const served: { id: number; ownerId: number }[] = []

      if (pos.phase === 1) {
        const page = network.page(viewerId!, pos.id, size + 1)
        const { cards, details } = 'cards' in page ? page : await page
        const shown = cards.slice(0, size)
        if (cards.length > size) bookmark = encodeBookmark({ p: 1, id: shown[size - 1]!.activity })
        items = await renderCards(viewerId!, shown, details, served)
      }
      if (bookmark === null) {
        // Phase 1 ran out on this page: fill the rest of it with popular pins.
        const after = pos.phase === 2 ? pos.after : null
        const room = size - items.length
        const popular = await repo.popular(viewerId, after, room + 1)
        if (popular.length > room) {
          const last = popular[room - 1]
          bookmark = encodeBookmark(
            last ? { p: 2, s: Number(last.save_count), id: last.id } : { p: 2 },
          )
        }
        const ids = popular.slice(0, room).map((r) => r.id)
        const rendered: Rendered = new Map()
        const done = renderInto(views, ids, viewerId, rendered, served)
        if (done) await done
        for (const id of ids) {
          const pieces = rendered.get(id)
          if (pieces) items.push(closedWith(pieces, NO_SAVERS))
        }
      }
      if (served.length > 0) analytics.impressions(viewerId, served)
      const body = pageJson(items, bookmark)
      pages.set(key, body, served, stamps)
      return body
    },
  }
}

export type FeedService = ReturnType<typeof createFeedService>
