import type { Db } from '../../db/database'
import { BadRequestError } from '../../errors'
import { tokenize } from './analyzer'
import type { MatchQuery } from './fulltext'
import { idf, type QueryTerm } from './relevance'
import { DOC_COUNT_TERM, HIDDEN_COUNT_TERM, termStats } from './statistics'

const QUERY_MAX = 200
const GUIDES_MAX = 5

/** What a search endpoint is asked. */
export interface SearchParams {
  query: string
  guides?: string
  bookmark?: string
  page_size?: number
  /** false: search for the words as written, never for a correction of them */
  autocorrect?: boolean
}

/** A word of the query as written (folded), its stem, and how many public pins hold it. */
export interface QueryWord {
  surface: string
  stem: string
  df: number
}

/** The parsed query: what to match, and the stems no guide may repeat. */
export interface ParsedQuery {
  match: MatchQuery
  exclude: Set<string>
  /** the query's stems in order, for the exact-phrase boost */
  sequence: string[]
  /** the query's words (not the guides'), in order */
  words: QueryWord[]
  /** what relevance counts */
  terms: QueryTerm[]
  /** public pins in the index */
  total: number
  /** public pins that turned secret, ever */
  hidden: number
  key: string
}

/** Refuses a query text (as the search will read it) that is empty or too long. */
export function checkQueryLength(text: string) {
  if (text.length === 0 || text.length > QUERY_MAX) {
    throw new BadRequestError(`query must be 1 to ${QUERY_MAX} characters.`)
  }
}

/**
 * Query and guides to a match: every word must occur; the last one, unless it is a word some
 * public pin holds or the query ends in a space, may be the start of one ("ultral" →
 * ultralight). The statistics (`search_terms`) count public pins only: no secret pin changes
 * how a query is read or weighed. Null: nothing in it to search for.
 */
export async function parseQuery(
  db: Db,
  query: string,
  guides: string | undefined,
): Promise<ParsedQuery | null> {
  const text = query.trim()
  checkQueryLength(text)
  const named = (guides ?? '').split(',').filter((g) => g.trim())
  if (named.length > GUIDES_MAX) {
    throw new BadRequestError(`At most ${GUIDES_MAX} guides at once.`, 'too_many_guides')
  }
  const chosen = named.map((g) => tokenize(g).map((t) => t.stem)).filter((g) => g.length > 0)
  const tokens = tokenize(text)
  const sequence = tokens.map((t) => t.stem)
  if (sequence.length === 0 && chosen.length === 0) return null
  const all = [...new Set(sequence)]
  const asked = [DOC_COUNT_TERM, HIDDEN_COUNT_TERM, ...all]
  const stats = await termStats(db, asked)
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
    match: {
      all: [...new Set(all)],
      phrases,
      prefix,
      known: new Map(asked.map((t) => [t, stats.get(t)?.df ?? 0])),
    },
    exclude,
    sequence,
    words: tokens.map((t) => ({
      surface: t.surface,
      stem: t.stem,
      df: Math.max(0, stats.get(t.stem)?.df ?? 0),
    })),
    terms,
    total,
    hidden: stats.get(HIDDEN_COUNT_TERM)?.df ?? 0,
    key,
  }
}
