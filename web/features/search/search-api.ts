import { LIMITS } from '../../../protocol/limits'
import type { Board, Page, Pin, UserSummary } from '../../../protocol/api'
import { api, withQuery } from '../../lib/api'

/** A refinement chip: a term that many of the matching pins carry. */
export interface Guide {
  term: string
  /** how many of the matching pins carry it */
  count: number
}

/** `GET /v5/search/pins`: the first page also offers guides; later pages answer none. */
export interface PinSearchPage extends Page<Pin> {
  guides: Guide[]
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

/** The search page's address (`/search?q=tent&guides=ultralight,family`, `&tab=boards`). */
export function searchPath(query: string, options: { guides?: string[]; tab?: SearchTab } = {}) {
  const { guides = [], tab = 'pins' } = options
  let path = `/search?q=${encodeURIComponent(query)}`
  // Commas stay readable in the address bar; each term is escaped on its own.
  if (tab === 'pins' && guides.length) path += `&guides=${guides.map(encodeURIComponent).join(',')}`
  if (tab !== 'pins') path += `&tab=${tab}`
  return path
}

/** The API path of a pin search (page size and bookmark are added by the caller). */
export function pinSearchPath(query: string, guides: string[] = []): string {
  return withQuery('/v5/search/pins', { query, guides: guides.join(',') })
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
