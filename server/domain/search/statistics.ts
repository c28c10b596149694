import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { addTermCounts, termRows } from './fulltext'

/**
 * The collection's statistics (`search_terms`): each term's document frequency and how people
 * write it, kept on write by the indexer and read by queries and guides. Only public pins are
 * counted (`search_docs.counted`): what these statistics steer — the weight of a word, whether a
 * last word is taken whole or as a beginning, guides — is the same for everyone, so a secret
 * pin must add nothing to them.
 */

/** The term under which `search_terms` counts the indexed pins. */
export { DOC_COUNT_TERM } from './fulltext'
/**
 * The term under which `search_terms` counts the public pins that turned secret, ever: on any
 * instance, what was worked out from statistics before (guides, background frequencies) is
 * dropped when it moves, so that a pin made secret shapes nothing any more at once. (No stem
 * holds '#'.)
 */
export const HIDDEN_COUNT_TERM = '#hidden'

export interface TermStat {
  df: number
  display: string
}

/** Document frequency and written form of these terms (those `search_terms` holds). */
export async function termStats(db: Kysely<Database>, terms: string[]) {
  const out = new Map<string, TermStat>()
  if (terms.length === 0) return out
  for (const r of await termRows(db, terms)) {
    out.set(r.term, { df: Number(r.df), display: r.display })
  }
  return out
}

/** A change of document frequencies: +1/−1 per term, and how a new term is written. */
export class DfDelta {
  readonly delta = new Map<string, number>()
  readonly display = new Map<string, string>()
  add(terms: Iterable<string>, by: number) {
    for (const t of terms) this.delta.set(t, (this.delta.get(t) ?? 0) + by)
  }
  shows(terms: Map<string, string>) {
    for (const [t, d] of terms) if (!this.display.has(t)) this.display.set(t, d)
  }
  async write(conn: Kysely<Database>) {
    const rows = [...this.delta]
      .filter(([, n]) => n !== 0)
      .map(([term, df]) => ({ term, df, display: this.display.get(term) ?? term }))
    await addTermCounts(conn, rows)
  }
}
