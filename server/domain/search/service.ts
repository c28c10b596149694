import type { Board, UserSummary } from '../../../protocol/api'
import type { Db } from '../../db/database'
import { BadRequestError } from '../../errors'
import type { BoardsService } from '../boards/service'
import type { GraphService } from '../graph/service'
import { userSummaryColumns } from '../graph/user-summary'
import { JsonText, pageJson } from '../json-text'
import { decodeBookmark, DEFAULT_PAGE_SIZE, encodeBookmark } from '../pagination'
import type { PinViews } from '../pins/views'
import type { Readers } from '../readers'
import { decodeTokens, storedTerms, tokenize } from './analyzer'
import { computeGuides, foregroundCounts, type Guide } from './guides'
import { DOC_COUNT_TERM, trigrams as trigramsOf, type SearchIndexer } from './indexer'
import type { Match, MatchQuery } from './fulltext'

/** Matches ranked per window: the newest this many, then the next this many, and so on. */
export const WINDOW = 1000
const QUERY_MAX = 200
const GUIDES_MAX = 5
const GUIDE_CACHE_MS = 5 * 60_000
const GUIDE_CACHE_ENTRIES = 2000
/** Guides are worked out again once this share of the collection has changed since. */
const GUIDE_STALE_SHARE = 0.01
const DAY_MS = 86_400_000

export interface SearchParams {
  query: string
  guides?: string
  bookmark?: string
  page_size?: number
}

interface Candidate extends Match {
  score: number
}

/** The parsed query: what to match, and the stems no guide may repeat. */
interface ParsedQuery {
  match: MatchQuery
  exclude: Set<string>
  /** the query's stems in order, for the exact-phrase boost */
  sequence: string[]
  key: string
}

/**
 * Search over pins (with guides), boards and people. Matching is the full-text index's
 * (`fulltext.ts`); ranking blends text relevance with saves, likes and recency over a window
 * of the newest matches at a time, so that a query costs the same however many pins match.
 */
export function createSearchService(deps: {
  db: Db
  indexer: SearchIndexer
  views: PinViews
  readers: Readers
  boards: Pick<BoardsService, 'toBoards'>
  graph: Pick<GraphService, 'toSummary'>
}) {
  const { db, indexer, views, readers } = deps
  const { fullText } = indexer
  const guideCache = new Map<string, { at: number; docs: number; guides: Guide[] }>()

  async function termStats(terms: string[]) {
    const out = new Map<string, { df: number; display: string }>()
    for (let i = 0; i < terms.length; i += 500) {
      const rows = await db
        .selectFrom('search_terms')
        .select(['term', 'df', 'display'])
        .where('term', 'in', terms.slice(i, i + 500))
        .execute()
      for (const r of rows) out.set(r.term, { df: Number(r.df), display: r.display })
    }
    return out
  }

  /**
   * Query and guides to a match: every word must occur; the last one, unless it is a word the
   * index knows or the query ends in a space, may be the start of one ("ultral" → ultralight).
   */
  async function parse(query: string, guides: string | undefined): Promise<ParsedQuery | null> {
    const text = query.trim()
    if (text.length === 0 || text.length > QUERY_MAX) {
      throw new BadRequestError(`query must be 1 to ${QUERY_MAX} characters.`)
    }
    const named = (guides ?? '').split(',').filter((g) => g.trim())
    if (named.length > GUIDES_MAX) {
      throw new BadRequestError(`At most ${GUIDES_MAX} guides at once.`, 'too_many_guides')
    }
    const chosen = named.map((g) => tokenize(g).map((t) => t.stem)).filter((g) => g.length > 0)
    const sequence = tokenize(text).map((t) => t.stem)
    if (sequence.length === 0 && chosen.length === 0) return null
    const all = [...new Set(sequence)]
    let prefix: string | null = null
    const last = all[all.length - 1]
    if (last !== undefined && !/\s$/.test(query) && /[\p{L}\p{N}]$/u.test(text)) {
      const known = (await termStats([last])).get(last)
      if (!known || known.df <= 0) prefix = all.pop()!
    }
    const phrases: string[][] = []
    for (const g of chosen) {
      if (g.length === 1) all.push(g[0]!)
      else for (let i = 0; i + 1 < g.length; i++) phrases.push([g[i]!, g[i + 1]!])
    }
    const exclude = new Set([...sequence, ...chosen.flat()])
    const key = JSON.stringify([all.slice().sort(), phrases.map((p) => p.join(' ')).sort(), prefix])
    return { match: { all: [...new Set(all)], phrases, prefix }, exclude, sequence, key }
  }

  /** The pins' facts ranking and visibility need. */
  async function pinFacts(ids: number[]) {
    if (ids.length === 0) return new Map()
    const rows = await db
      .selectFrom('pins')
      .select(['id', 'owner_id', 'secret', 'save_count', 'like_count', 'created_at'])
      .where('id', 'in', ids)
      .execute()
    return new Map(rows.map((r) => [Number(r.id), r]))
  }

  async function tokensOf(ids: number[]) {
    if (ids.length === 0) return new Map<number, string>()
    const rows = await db
      .selectFrom('search_docs')
      .select(['pin_id', 'tokens'])
      .where('pin_id', 'in', ids)
      .execute()
    return new Map(rows.map((r) => [Number(r.pin_id), r.tokens]))
  }

  /**
   * One window of matches, visible to the viewer, ranked: relevance (normalised within the
   * window), the exact phrase, saves and likes (log), and freshness (halving every 30 days).
   */
  async function rankWindow(viewerId: number | null, parsed: ParsedQuery, beforeId: number | null) {
    const matches = await fullText.matchPins(parsed.match, beforeId, WINDOW)
    const [facts, blocked, tokens] = await Promise.all([
      pinFacts(matches.map((m) => m.id)),
      viewerId === null ? null : readers.of(viewerId).then((r) => r.blocked),
      parsed.sequence.length > 1 ? tokensOf(matches.map((m) => m.id)) : null,
    ])
    const maxRank = Math.max(1e-9, ...matches.map((m) => m.rank))
    const now = Date.now()
    const phrase = parsed.sequence.join(' ')
    const ranked: Candidate[] = []
    for (const m of matches) {
      const f = facts.get(m.id)
      if (!f) continue
      const owner = Number(f.owner_id)
      if ((Number(f.secret) === 1 && owner !== viewerId) || blocked?.has(owner)) continue
      const engagement = Math.log1p(Number(f.save_count) + Number(f.like_count)) / Math.log(1000)
      const ageDays = Math.max(0, now - Date.parse(f.created_at)) / DAY_MS
      const exact = tokens
        ? ` ${tokens.get(m.id)?.replace(/ \| /g, ' ')} `.includes(` ${phrase} `)
          ? 1
          : 0
        : 0
      const score =
        m.rank / maxRank + 0.5 * exact + 0.3 * Math.min(1, engagement) + 0.2 * 0.5 ** (ageDays / 30)
      ranked.push({ ...m, score: Math.round(score * 1e6) / 1e6 })
    }
    ranked.sort((a, b) => b.score - a.score || b.id - a.id)
    const lowest = matches.length === WINDOW ? matches[matches.length - 1]!.id : null
    return { ranked, next: lowest }
  }

  /** Guides from the newest window of public matches, cached per normalised query. */
  async function guidesFor(parsed: ParsedQuery): Promise<Guide[]> {
    const total = (await termStats([DOC_COUNT_TERM])).get(DOC_COUNT_TERM)?.df ?? 0
    const cached = guideCache.get(parsed.key)
    if (
      cached &&
      Date.now() - cached.at < GUIDE_CACHE_MS &&
      Math.abs(total - cached.docs) <= Math.max(10, total * GUIDE_STALE_SHARE)
    ) {
      return cached.guides
    }
    const matches = await fullText.matchPins(parsed.match, null, WINDOW)
    const [facts, tokens] = await Promise.all([
      pinFacts(matches.map((m) => m.id)),
      tokensOf(matches.map((m) => m.id)),
    ])
    const docs: Set<string>[] = []
    for (const m of matches) {
      const t = tokens.get(m.id)
      if (t !== undefined && Number(facts.get(m.id)?.secret) === 0) {
        docs.push(storedTerms(decodeTokens(t)))
      }
    }
    const counts = foregroundCounts(docs, parsed.exclude)
    const background = await termStats([...counts.keys()])
    const guides = computeGuides({ docs, background, total, exclude: parsed.exclude })
    guideCache.set(parsed.key, { at: Date.now(), docs: total, guides })
    if (guideCache.size > GUIDE_CACHE_ENTRIES) guideCache.delete(guideCache.keys().next().value!)
    return guides
  }

  return {
    /** `GET /v5/search/pins`: a page of pins, and the guides for the query (first page). */
    async searchPins(viewerId: number | null, params: SearchParams): Promise<JsonText> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const parsed = await parse(params.query, params.guides)
      const guidesJson = (g: Guide[]) => g.map((x) => ({ term: x.term, count: x.count }))
      if (!parsed) return pageJson([], null, { guides: [] })
      const at = decodeBookmark(params.bookmark, ['s', 'i']) as Record<string, number> | null
      let window: number | null = at?.w !== undefined ? Number(at.w) : null
      let after = at ? { s: Number(at.s), i: Number(at.i) } : null
      const page: { id: number; window: number | null; score: number }[] = []
      for (;;) {
        const { ranked, next } = await rankWindow(viewerId, parsed, window)
        for (const c of ranked) {
          if (after && (c.score > after.s || (c.score === after.s && c.id >= after.i))) continue
          page.push({ id: c.id, window, score: c.score })
          if (page.length > size) break
        }
        if (page.length > size || next === null) break
        window = next
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
      const guides = at ? [] : await guidesFor(parsed)
      const pins = await views.many(
        items.map((p) => p.id),
        viewerId,
      )
      return pageJson(pins, bookmark, { guides: guidesJson(guides) })
    },

    /** `GET /v5/search/boards`: public boards (and the viewer's own) by name and description. */
    async searchBoards(
      viewerId: number | null,
      params: SearchParams,
    ): Promise<{ items: Board[]; bookmark: string | null }> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const parsed = await parse(params.query, undefined)
      if (!parsed) return { items: [], bookmark: null }
      const at = decodeBookmark(params.bookmark, ['i'])
      const blocked = viewerId === null ? null : (await readers.of(viewerId)).blocked
      const items = []
      let before = at ? Number(at.i) : null
      let more = false
      while (items.length <= size) {
        const matches = await fullText.matchBoards(parsed.match, before, 200)
        if (matches.length === 0) break
        const rows = await db
          .selectFrom('boards')
          .selectAll()
          .where(
            'id',
            'in',
            matches.map((m) => m.id),
          )
          .execute()
        const byId = new Map(rows.map((r) => [Number(r.id), r]))
        for (const m of matches) {
          const b = byId.get(m.id)
          const owner = Number(b?.owner_id)
          if (!b || (b.privacy === 'SECRET' && owner !== viewerId) || blocked?.has(owner)) continue
          items.push(b)
        }
        before = matches[matches.length - 1]!.id
        if (matches.length < 200) break
      }
      if (items.length > size) {
        more = true
        items.length = size
      }
      const boards = await deps.boards.toBoards(items, viewerId)
      const last = items[items.length - 1]
      return {
        items: boards,
        bookmark: more && last ? encodeBookmark({ i: Number(last.id) }) : null,
      }
    },

    /**
     * `GET /v5/search/users`: people by username or business name, forgiving typos: those
     * sharing the most 3-letter runs with the query, ranked by edit distance.
     */
    async searchUsers(
      viewerId: number | null,
      params: SearchParams,
    ): Promise<{ items: UserSummary[]; bookmark: null }> {
      const query = params.query.trim().toLowerCase()
      if (query.length === 0 || query.length > QUERY_MAX) {
        throw new BadRequestError(`query must be 1 to ${QUERY_MAX} characters.`)
      }
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const ids = await peopleLike(query, Math.max(50, size * 4))
      if (ids.length === 0) return { items: [], bookmark: null }
      const blocked = viewerId === null ? null : (await readers.of(viewerId)).blocked
      const rows = await db
        .selectFrom('users as u')
        .select((eb) => [...userSummaryColumns(eb, viewerId), 'u.created_at as since'])
        .where('u.id', 'in', ids)
        .execute()
      const ranked = rows
        .filter((r) => !blocked?.has(Number(r.id)))
        .map((r) => ({ r, d: nameDistance(query, r.username, r.business_name) }))
        .sort((a, b) => a.d - b.d || (a.r.username < b.r.username ? -1 : 1))
        .slice(0, size)
      return { items: ranked.map(({ r }) => deps.graph.toSummary(r, viewerId)), bookmark: null }
    },

    peopleLike,
  }

  /** Ids of people whose names share the most 3-letter runs with `query`. */
  async function peopleLike(query: string, limit: number): Promise<number[]> {
    const grams = [...trigramsOf(query)]
    if (grams.length === 0) return []
    const rows = await db
      .selectFrom('user_trigrams')
      .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('trigram', 'in', grams)
      .groupBy('user_id')
      .orderBy('n', 'desc')
      .orderBy('user_id')
      .limit(limit)
      .execute()
    const min = Math.max(1, Math.floor(grams.length / 3))
    return rows.filter((r) => Number(r.n) >= min).map((r) => Number(r.user_id))
  }
}

/** Edit distance from the query to the closest of a person's names (prefixes count as close). */
export function nameDistance(query: string, username: string, businessName: string | null) {
  const names = [username, username.replace(/_/g, ' '), (businessName ?? '').toLowerCase()]
  let best = Infinity
  for (const name of names) {
    if (!name) continue
    if (name === query) return 0
    if (name.startsWith(query)) best = Math.min(best, 0.5)
    best = Math.min(best, levenshtein(query, name.slice(0, query.length + 2)) + 0.1)
  }
  return best
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

export type SearchService = ReturnType<typeof createSearchService>
