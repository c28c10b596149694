import type { Db } from '../../db/database'
import type { AnalyticsSink } from '../analytics/recorder'
import type { BoardsService } from '../boards/service'
import type { GraphService } from '../graph/service'
import { JsonText, pageJson } from '../json-text'
import { decodeBookmark, DEFAULT_PAGE_SIZE, encodeBookmark } from '../pagination'
import type { PinViews } from '../pins/views'
import type { Readers } from '../readers'
import { searchBoards } from './board-search'
import { createCompleter } from './completions'
import { createGuideCache } from './guide-cache'
import type { SearchIndexer } from './indexer'
import type { PeopleIndex } from './people'
import { createPinWindows, rank, type Window } from './pin-window'
import { parseQuery, type ParsedQuery, type SearchParams } from './query'
import { createSpeller, FEW_RESULTS } from './spelling'
import { searchUsers } from './user-search'

/** Refinements the typeahead offers after a whole word. */
const TYPEAHEAD_GUIDES = 4

/**
 * Search over pins (with guides), boards and people. Matching is the full-text index's
 * (`fulltext.ts`); pins are ranked a window of the newest matches at a time (`pin-window.ts`),
 * with guides from the newest public ones (`guide-cache.ts`). A query that finds (almost)
 * nothing is corrected against the instance's vocabulary (`spelling.ts`); the typeahead
 * completes the word being typed (`completions.ts`).
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
  const windows = createPinWindows({ fullText })
  const guideCache = createGuideCache({ db, windows, changes: indexer.changes })
  const speller = createSpeller({ db, fullText })
  const completer = createCompleter({ db, fullText })

  /** The query as searched: as written, or corrected when that finds (almost) nothing. */
  async function understand(viewerId: number | null, params: SearchParams) {
    const parsed = await parseQuery(db, params.query, params.guides)
    if (!parsed || params.autocorrect === false) return { parsed, corrected: null }
    const fix = await speller.correct(parsed, params.query, viewerId)
    if (!fix) return { parsed, corrected: null }
    const better = await parseQuery(db, fix.text, params.guides)
    // only a correction that finds more than the words as written is one
    const found = better && (await fullText.matchPins(better.match, null, FEW_RESULTS, viewerId))
    if (!better || !found || found.length <= fix.found) return { parsed, corrected: null }
    return { parsed: better, corrected: fix.text }
  }

  /** The guides for a query (cached for everyone a few minutes). */
  async function guidesOf(parsed: ParsedQuery, viewerId: number | null) {
    return (
      guideCache.cached(parsed, parsed.total) ??
      guideCache.from(parsed, await windows.load(parsed, null, viewerId), parsed.total)
    )
  }

  return {
    /** `GET /v5/search/pins`: a page of pins, and the guides for the query (first page). */
    async searchPins(viewerId: number | null, params: SearchParams): Promise<JsonText> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const at = decodeBookmark(params.bookmark, { s: 'score', i: 'id' }, { w: 'id' })
      const { parsed, corrected } = await understand(viewerId, params)
      if (!parsed) return pageJson([], null, { guides: [], corrected_query: null })
      const total = parsed.total
      const blocked = viewerId === null ? null : (await readers.of(viewerId)).blocked
      // guides come with the first page only; worked out from the first window once the page's
      // pins are being read (the CPU work of the one beside the round trip of the other)
      const cached = at ? [] : guideCache.cached(parsed, total)
      let first: Window | null = null
      let window: number | null = at?.w ?? null
      let after = at ? { s: at.s, i: at.i } : null
      const page: { id: number; window: number | null; score: number }[] = []
      for (;;) {
        const w = await windows.load(parsed, window, viewerId)
        first ??= w
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
      const reading = views.many(
        items.map((p) => p.id),
        viewerId,
        (served) => analytics.impressions(viewerId, served),
      )
      // awaited below; a failure meanwhile must not count as unhandled
      if (reading instanceof Promise) reading.catch(() => undefined)
      const guides = cached ?? (await guideCache.from(parsed, first, total))
      const pins = await reading
      return pageJson(pins, bookmark, {
        guides: guides.map((g) => ({ key: g.key, term: g.term, count: g.count })),
        corrected_query: corrected,
      })
    },

    /**
     * `GET /v5/search/completions`: the word being typed completed; after a whole word, the
     * query's refinements too (as the guides of its search).
     */
    async complete(viewerId: number | null, params: { query: string; page_size?: number }) {
      const size = params.page_size ?? 6
      const { items, whole } = await completer.complete(params.query, size)
      const out: { query: string; word: string | null; guide: string | null }[] = items
        // after a whole word, room for its refinements
        .slice(0, whole ? Math.ceil(size / 2) : size)
        .map((c) => ({ query: c.query, word: c.word, guide: null }))
      if (!whole || out.length >= size) return { items: out }
      const parsed = await parseQuery(db, params.query, undefined)
      if (!parsed) return { items: out }
      const guides = await guidesOf(parsed, viewerId)
      const query = params.query.trim()
      for (const g of guides.slice(0, Math.min(TYPEAHEAD_GUIDES, size - out.length))) {
        out.push({ query, word: null, guide: g.term })
      }
      return { items: out }
    },

    searchBoards: (viewerId: number | null, params: SearchParams) =>
      searchBoards({ ...deps, fullText }, viewerId, params),

    searchUsers: (viewerId: number | null, params: SearchParams) =>
      searchUsers(deps, viewerId, params),
  }
}

export type SearchService = ReturnType<typeof createSearchService>
