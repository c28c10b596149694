import type { Db } from '../../db/database'
import type { AnalyticsSink } from '../analytics/recorder'
import type { BoardsService } from '../boards/service'
import type { GraphService } from '../graph/service'
import { JsonText, pageJson } from '../json-text'
import { decodeBookmark, DEFAULT_PAGE_SIZE, encodeBookmark } from '../pagination'
import type { PinViews } from '../pins/views'
import type { Readers } from '../readers'
import { searchBoards } from './board-search'
import { createGuideCache } from './guide-cache'
import type { Guide } from './guides'
import type { SearchIndexer } from './indexer'
import type { PeopleIndex } from './people'
import { createPinWindows, rank } from './pin-window'
import { parseQuery, type SearchParams } from './query'
import { searchUsers } from './user-search'

/**
 * Search over pins (with guides), boards and people. Matching is the full-text index's
 * (`fulltext.ts`); pins are ranked a window of the newest matches at a time (`pin-window.ts`),
 * with guides from the newest public ones (`guide-cache.ts`).
 */
export function createSearchService(deps: {
  db: Db
  indexer: SearchIndexer
  views: PinViews
  readers: Readers
  boards: Pick<BoardsService, 'toBoards'>
  graph: Pick<GraphService, 'toSummary'>
  people: PeopleIndex
  /** the pins a search page serves are impressions */
  analytics: Pick<AnalyticsSink, 'impressions'>
}) {
  const { db, indexer, views, readers, analytics } = deps
  const { fullText } = indexer
  const windows = createPinWindows({ db, fullText })
  const guideCache = createGuideCache({ db, windows, changes: indexer.changes })

  return {
    /** `GET /v5/search/pins`: a page of pins, and the guides for the query (first page). */
    async searchPins(viewerId: number | null, params: SearchParams): Promise<JsonText> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const at = decodeBookmark(params.bookmark, { s: 'score', i: 'id' }, { w: 'id' })
      const parsed = await parseQuery(db, params.query, params.guides)
      if (!parsed) return pageJson([], null, { guides: [] })
      const total = parsed.total
      const blocked = viewerId === null ? null : (await readers.of(viewerId)).blocked
      // guides come with the first page only
      let guides: Guide[] | null = at ? [] : guideCache.cached(parsed, total)
      let window: number | null = at?.w ?? null
      let after = at ? { s: at.s, i: at.i } : null
      const page: { id: number; window: number | null; score: number }[] = []
      for (;;) {
        const w = await windows.load(parsed, window, viewerId)
        if (guides === null) guides = await guideCache.from(parsed, w, total)
        for (const c of rank(viewerId, blocked, parsed, w)) {
          if (after && (c.score > after.s || (c.score === after.s && c.id >= after.i))) continue
          page.push({ id: c.id, window, score: c.score })
          if (page.length > size) break
        }
        if (page.length > size || w.next === null) break
        window = w.next
        after = null
      }
      const items = page.slice(0, size)
      const last = items[items.length - 1]
      const bookmark =
        page.length > size && last
          ? encodeBookmark({
              ...(last.window === null ? {} : { w: last.window }),
              s: last.score,
              i: last.id,
            })
          : null
      const pins = await views.many(
        items.map((p) => p.id),
        viewerId,
        (served) => analytics.impressions(viewerId, served),
      )
      return pageJson(pins, bookmark, {
        guides: guides.map((g) => ({ term: g.term, count: g.count })),
      })
    },

    searchBoards: (viewerId: number | null, params: SearchParams) =>
      searchBoards({ ...deps, fullText }, viewerId, params),

    searchUsers: (viewerId: number | null, params: SearchParams) =>
      searchUsers(deps, viewerId, params),
  }
}

export type SearchService = ReturnType<typeof createSearchService>
