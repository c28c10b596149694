import { LIMITS } from '../../../protocol/limits'
import type { Board, Page, Pin, UserSummary } from '../../../protocol/api'
import { api, withQuery } from '../../lib/api'

/** A refinement chip: a term that many of the matching pins carry. */
export interface Guide {
  term: string
  /** how many of the matching pins carry it */
  count: number
}

/**
 * `GET /v5/search/pins`: the first page also offers guides; later pages answer none. A query
 * that found (almost) nothing as written answers the pins of its correction
 * (`corrected_query`, null otherwise).
 */
export interface PinSearchPage extends Page<Pin> {
  guides: Guide[]
  corrected_query?: string | null
}

/** A typeahead suggestion: a completed query, or the query with a guide (`guide` set). */
export interface Completion {
  query: string
  /** the word completed */
  word: string | null
  /** the refinement chosen with the query */
  guide: string | null
}

export type SearchTab = 'pins' | 'boards' | 'people'

/** The server takes at most this many chosen guides at once. */
export const MAX_GUIDES = LIMITS.search.guides

/** Chosen guides as the URL and the API carry them: comma-separated, in the order chosen. */
export function parseGuides(param: string | null): string[] {
  if (!param) return []
  const seen = new Set<string>()
  for (const g of param.split(',')) {
    const term = g.trim()
    if (term) seen.add(term)
  }
  return [...seen].slice(0, MAX_GUIDES)
}

/**
 * The search page's address (`/search?q=tent&guides=ultralight,family`, `&tab=boards`;
 * `&autocorrect=off`: the words as written, even when they find nothing).
 */
export function searchPath(
  query: string,
  options: { guides?: string[]; tab?: SearchTab; exact?: boolean } = {},
) {
  const { guides = [], tab = 'pins', exact = false } = options
  let path = `/search?q=${encodeURIComponent(query)}`
  // Commas stay readable in the address bar; each term is escaped on its own.
  if (tab === 'pins' && guides.length) path += `&guides=${guides.map(encodeURIComponent).join(',')}`
  if (tab !== 'pins') path += `&tab=${tab}`
  if (tab === 'pins' && exact) path += '&autocorrect=off'
  return path
}

/** The API path of a pin search (page size and bookmark are added by the caller). */
export function pinSearchPath(query: string, guides: string[] = [], exact = false): string {
  return withQuery('/v5/search/pins', {
    query,
    guides: guides.join(','),
    autocorrect: exact ? 'false' : undefined,
  })
}

export function boardSearchPath(query: string): string {
  return withQuery('/v5/search/boards', { query })
}

export function peopleSearchPath(query: string): string {
  return withQuery('/v5/search/users', { query })
}

export function searchPins(
  query: string,
  guides: string[],
  pageSize: number,
  signal?: AbortSignal,
): Promise<PinSearchPage> {
  return api<PinSearchPage>(pinSearchPath(query, guides), {
    query: { page_size: pageSize },
    signal,
  })
}

/** `GET /v5/search/completions`: the typeahead's searches for what is typed so far. */
export function searchCompletions(
  query: string,
  signal?: AbortSignal,
): Promise<{ items: Completion[] }> {
  return api<{ items: Completion[] }>('/v5/search/completions', { query: { query }, signal })
}

export function searchBoards(
  query: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<Page<Board>> {
  return api<Page<Board>>(boardSearchPath(query), { query: { page_size: pageSize }, signal })
}

export function searchPeople(
  query: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<Page<UserSummary>> {
  return api<Page<UserSummary>>(peopleSearchPath(query), {
    query: { page_size: pageSize },
    signal,
  })
}
