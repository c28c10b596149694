import type { Generated } from 'kysely'

/** The tables of search (see domain/search), part of `Database` in schema.ts. */

/** A pin as search sees it: its stems per field (see domain/search/analyzer.ts). */
export interface SearchDocTable {
  pin_id: number
  tokens: string
  /** 1: a public pin, its terms counted in `search_terms`; 0: a secret one, counted nowhere */
  counted: Generated<number>
}

/**
 * Document frequency of every indexed term (a stem, or two stems for a 2-word phrase) and how
 * it is written; the term '' counts the documents.
 */
export interface SearchTermTable {
  term: string
  df: number
  display: string
}

/** A board as search sees it (PostgreSQL keeps its tsvector here; SQLite in `board_fts`). */
export interface BoardSearchDocTable {
  board_id: number
  tokens: string
}

/** People search: every 3-letter run of a username or business name. */
export interface UserTrigramTable {
  trigram: string
  user_id: number
}
