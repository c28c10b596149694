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
import { decodeTokens, DOMAIN_FIELD, tokenize } from './analyzer'
import { computeGuides, foreground, type Guide } from './guides'
import { DOC_COUNT_TERM, HIDDEN_COUNT_TERM, type SearchIndexer } from './indexer'
import { nameDistance, type PeopleIndex } from './people'
import type { MatchQuery } from './fulltext'
import { bm25f, idf, type QueryTerm } from './relevance'

/** Matches ranked per window: the newest this many, then the next this many, and so on. */
export const WINDOW = 500
/** Guides are worked out from the newest this many public matches. */
const GUIDE_SAMPLE = 300
const QUERY_MAX = 200
const GUIDES_MAX = 5
const GUIDE_CACHE_MS = 5 * 60_000
const GUIDE_CACHE_ENTRIES = 2000
/** terms whose background frequency is kept in memory */
const BACKGROUND_KEPT = 100_000
/**
 * Guides are worked out again once this share of the collection has changed since: pins
 * added or removed (anywhere) and pins written by this instance.
 */
const GUIDE_STALE_SHARE = 0.01
const DAY_MS = 86_400_000

export interface SearchParams {
  query: string
  guides?: string
  bookmark?: string
  page_size?: number
}

interface Candidate {
  id: number
  score: number
}

/** The parsed query: what to match, and the stems no guide may repeat. */
interface ParsedQuery {
  match: MatchQuery
  exclude: Set<string>
  /** the query's stems in order, for the exact-phrase boost */
  sequence: string[]
  /** what relevance counts */
  terms: QueryTerm[]
  /** public pins in the index */
  total: number
  /** public pins that turned secret, ever */
  hidden: number
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
  people: PeopleIndex
}) {
  const { db, indexer, views, readers, people } = deps
  const { fullText } = indexer
  const guideCache = new Map<
    string,
    { at: number; docs: number; changes: number; guides: Guide[] }
  >()

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
   * Background frequencies for guides, kept a few minutes (statistics: a little staleness
   * changes no guide, and the same words come up query after query).
   */
  const backgroundKept = new Map<string, { at: number; df: number; display: string }>()
  async function backgroundStats(terms: string[]) {
    const now = Date.now()
    const out = new Map<string, { df: number; display: string }>()
    const missing: string[] = []
    for (const t of terms) {
      const kept = backgroundKept.get(t)
      if (kept && now - kept.at < GUIDE_CACHE_MS) out.set(t, kept)
      else missing.push(t)
    }
    for (const [t, stat] of await termStats(missing)) {
      out.set(t, stat)
      backgroundKept.delete(t)
      backgroundKept.set(t, { at: now, ...stat })
    }
    while (backgroundKept.size > BACKGROUND_KEPT) {
      backgroundKept.delete(backgroundKept.keys().next().value!)
    }
    return out
  }

  /**
   * Query and guides to a match: every word must occur; the last one, unless it is a word some
   * public pin holds or the query ends in a space, may be the start of one ("ultral" →
   * ultralight). The statistics (`search_terms`) count public pins only: no secret pin changes
   * how a query is read or weighed.
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
    const stats = await termStats([DOC_COUNT_TERM, HIDDEN_COUNT_TERM, ...all])
    const total = stats.get(DOC_COUNT_TERM)?.df ?? 0
    let prefix: string | null = null
    const last = all[all.length - 1]
    if (last !== undefined && !/\s$/.test(query) && /[\p{L}\p{N}]$/u.test(text)) {
      if ((stats.get(last)?.df ?? 0) <= 0) prefix = all.pop()!
    }
    const terms: QueryTerm[] = all.map((stem) => ({
      stem,
      idf: idf(stats.get(stem)?.df ?? 0, total),
      prefix: false,
    }))
    // a word being typed: as rare as a word can be among those it may become
    if (prefix) terms.push({ stem: prefix, idf: idf(1, total), prefix: true })
    const phrases: string[][] = []
    for (const g of chosen) {
      if (g.length === 1) all.push(g[0]!)
      else for (let i = 0; i + 1 < g.length; i++) phrases.push([g[i]!, g[i + 1]!])
    }
    const exclude = new Set([...sequence, ...chosen.flat()])
    const key = JSON.stringify([all.slice().sort(), phrases.map((p) => p.join(' ')).sort(), prefix])
    return {
      match: { all: [...new Set(all)], phrases, prefix },
      exclude,
      sequence,
      terms,
      total,
      hidden: stats.get(HIDDEN_COUNT_TERM)?.df ?? 0,
      key,
    }
  }

  /** The pins' facts ranking and visibility need, with their stems, in one query. */
  async function pinFacts(ids: number[]) {
    if (ids.length === 0) return new Map<number, PinFacts>()
    const rows = await db
      .selectFrom('pins as p')
      .innerJoin('search_docs as d', 'd.pin_id', 'p.id')
      .select([
        'p.id',
        'p.owner_id',
        'p.secret',
        'p.save_count',
        'p.like_count',
        'p.created_at',
        'p.parent_pin_id',
        'd.tokens',
      ])
      .where('p.id', 'in', ids)
      .execute()
    return new Map(rows.map((r) => [Number(r.id), r]))
  }
  type PinFacts = {
    owner_id: number
    secret: number
    save_count: number
    like_count: number
    created_at: string
    parent_pin_id: number | null
    tokens: string
  }

  /**
   * A window of matches: the newest `WINDOW` below `beforeId` that the viewer may see (public
   * ones and their own), with what ranking needs. Pins hidden from the viewer are left out by
   * the match itself: were they only skipped afterwards, someone else's secret pins would push
   * public ones out of the window and move where windows start (in bookmarks), the scores and
   * the guides.
   */
  interface Window {
    /** matching pins the viewer may see, newest first */
    ids: number[]
    facts: Map<number, PinFacts>
    /** each pin's stems per field */
    fields: Map<number, string[][]>
    /** where the next window starts (null: this was the last) */
    next: number | null
  }
  async function loadWindow(
    parsed: ParsedQuery,
    beforeId: number | null,
    viewerId: number | null,
    size = WINDOW,
  ): Promise<Window> {
    const ids = await fullText.matchPins(parsed.match, beforeId, size, viewerId)
    const next = ids.length === size ? ids[ids.length - 1]! : null
    const facts = await pinFacts(ids)
    const fields = new Map([...facts].map(([id, f]) => [id, decodeTokens(f.tokens)]))
    return { ids, facts, fields, next }
  }

  /**
   * A window's matches visible to the viewer, ranked: relevance (normalised within the
   * window), the exact phrase, saves and likes (log), and freshness (halving every 30 days).
   */
  function rank(
    viewerId: number | null,
    blocked: ReadonlySet<number> | null,
    parsed: ParsedQuery,
    w: Window,
  ) {
    const now = Date.now()
    const phrase = ` ${parsed.sequence.join(' ')} `
    const scored: { id: number; root: number; relevance: number; rest: number }[] = []
    let best = 1e-9
    for (const id of w.ids) {
      const f = w.facts.get(id)
      if (!f) continue
      const owner = Number(f.owner_id)
      if ((Number(f.secret) === 1 && owner !== viewerId) || blocked?.has(owner)) continue
      const fields = w.fields.get(id)!
      const relevance = bm25f(fields, parsed.terms)
      best = Math.max(best, relevance)
      const exact =
        parsed.sequence.length > 1 && ` ${fields.flat().join(' ')} `.includes(phrase) ? 1 : 0
      const engagement = Math.log1p(Number(f.save_count) + Number(f.like_count)) / Math.log(1000)
      const ageDays = Math.max(0, now - Date.parse(f.created_at)) / DAY_MS
      const rest = 0.5 * exact + 0.3 * Math.min(1, engagement) + 0.2 * 0.5 ** (ageDays / 30)
      scored.push({ id, root: Number(f.parent_pin_id ?? id), relevance, rest })
    }
    // relevance normalised within the window, so that the other signals weigh the same always
    const ranked = scored
      .map((c) => ({ ...c, score: Math.round((c.relevance / best + c.rest) * 1e6) / 1e6 }))
      .sort((a, b) => b.score - a.score || b.id - a.id)
    // a pin and the saves of it are one idea: shown once, the best placed of them
    const shown = new Set<number>()
    const out: Candidate[] = []
    for (const c of ranked) {
      if (shown.has(c.root)) continue
      shown.add(c.root)
      out.push({ id: c.id, score: c.score })
    }
    return out
  }

  /**
   * Guides already worked out for this query, while fresh; none once a public pin has turned
   * secret since (anywhere): what it added to them must not outlast its secrecy.
   */
  let hiddenSeen = -1
  function cachedGuides(parsed: ParsedQuery, total: number): Guide[] | null {
    if (parsed.hidden !== hiddenSeen) {
      guideCache.clear()
      backgroundKept.clear()
      hiddenSeen = parsed.hidden
    }
    const cached = guideCache.get(parsed.key)
    const fresh =
      cached &&
      Date.now() - cached.at < GUIDE_CACHE_MS &&
      Math.abs(total - cached.docs) + indexer.changes() - cached.changes <=
        Math.max(10, total * GUIDE_STALE_SHARE)
    return fresh ? cached.guides : null
  }

  /**
   * Guides from the newest public matches: those of the first window, unless the viewer's own
   * secret pins are among them (then the public ones are asked for apart), so that guides are
   * the same for everyone (they are cached per query for everyone too).
   */
  async function guidesFrom(parsed: ParsedQuery, first: Window, total: number): Promise<Guide[]> {
    const anySecret = [...first.facts.values()].some((f) => Number(f.secret) === 1)
    const w = anySecret ? await loadWindow(parsed, null, null, GUIDE_SAMPLE) : first
    const docs: string[][][] = []
    for (const id of w.ids.slice(0, GUIDE_SAMPLE)) {
      const f = w.facts.get(id)
      if (f && Number(f.secret) === 0) {
        docs.push(w.fields.get(id)!.filter((_, i) => i !== DOMAIN_FIELD))
      }
    }
    const counted = foreground(docs, parsed.exclude)
    const background = await backgroundStats([...counted.keys()])
    const guides = computeGuides({ docs, background, total, exclude: parsed.exclude, counted })
    guideCache.set(parsed.key, { at: Date.now(), docs: total, changes: indexer.changes(), guides })
    if (guideCache.size > GUIDE_CACHE_ENTRIES) guideCache.delete(guideCache.keys().next().value!)
    return guides
  }

  return {
    /** `GET /v5/search/pins`: a page of pins, and the guides for the query (first page). */
    async searchPins(viewerId: number | null, params: SearchParams): Promise<JsonText> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const at = decodeBookmark(params.bookmark, { s: 'score', i: 'id' }, { w: 'id' })
      const parsed = await parse(params.query, params.guides)
      if (!parsed) return pageJson([], null, { guides: [] })
      const total = parsed.total
      const blocked = viewerId === null ? null : (await readers.of(viewerId)).blocked
      // guides come with the first page only
      let guides: Guide[] | null = at ? [] : cachedGuides(parsed, total)
      let window: number | null = at?.w ?? null
      let after = at ? { s: at.s, i: at.i } : null
      const page: { id: number; window: number | null; score: number }[] = []
      for (;;) {
        const w = await loadWindow(parsed, window, viewerId)
        if (guides === null) guides = await guidesFrom(parsed, w, total)
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
      )
      return pageJson(pins, bookmark, {
        guides: guides.map((g) => ({ term: g.term, count: g.count })),
      })
    },

    /** `GET /v5/search/boards`: public boards (and the viewer's own) by name and description. */
    async searchBoards(
      viewerId: number | null,
      params: SearchParams,
    ): Promise<{ items: Board[]; bookmark: string | null }> {
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const at = decodeBookmark(params.bookmark, { i: 'id' })
      const parsed = await parse(params.query, undefined)
      if (!parsed) return { items: [], bookmark: null }
      const blocked = viewerId === null ? null : (await readers.of(viewerId)).blocked
      const items = []
      let before = at ? at.i : null
      let more = false
      while (items.length <= size) {
        const matches = await fullText.matchBoards(parsed.match, before, 200)
        if (matches.length === 0) break
        const rows = await db.selectFrom('boards').selectAll().where('id', 'in', matches).execute()
        const byId = new Map(rows.map((r) => [Number(r.id), r]))
        for (const id of matches) {
          const b = byId.get(id)
          const owner = Number(b?.owner_id)
          if (!b || (b.privacy === 'SECRET' && owner !== viewerId) || blocked?.has(owner)) continue
          items.push(b)
        }
        before = matches[matches.length - 1]!
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
      // one page only: no bookmark was ever handed out, so any is forged
      if (params.bookmark) decodeBookmark(params.bookmark, { never: 'id' })
      const query = params.query.trim().toLowerCase()
      if (query.length === 0 || query.length > QUERY_MAX) {
        throw new BadRequestError(`query must be 1 to ${QUERY_MAX} characters.`)
      }
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const ids = await people.like(query, Math.max(50, size * 4), size)
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
  }
}

export type SearchService = ReturnType<typeof createSearchService>
