import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../../db/dialect'
import type { Database } from '../../db/schema'

/**
 * The collection's statistics (`search_terms`): each term's document frequency and how people
 * write it, kept on write by the indexer and read by queries and guides. Only public pins are
 * counted (`search_docs.counted`): what these statistics steer — the weight of a word, whether a
 * last word is taken whole or as a beginning, guides — is the same for everyone, so a secret
 * pin must add nothing to them.
 */

/** The term under which `search_terms` counts the indexed pins. */
export const DOC_COUNT_TERM = ''
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
  if (dialectOf(db) === 'postgres') {
    // one array parameter: a long `in` list costs PostgreSQL more to parse and plan than to run
    const { rows } = await sql<{ term: string; df: number; display: string }>`
      select term, df, display from search_terms where term = any(${terms}::text[])`.execute(db)
    for (const r of rows) out.set(r.term, { df: Number(r.df), display: r.display })
    return out
  }
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
    if (dialectOf(conn) === 'postgres') {
      // arrays: one statement for thousands of terms (a bulk index writes tens of thousands)
      for (let i = 0; i < rows.length; i += 10_000) {
        const part = rows.slice(i, i + 10_000)
        await sql`insert into search_terms (term, df, display)
          select * from unnest(${part.map((r) => r.term)}::text[], ${part.map((r) => r.df)}::int[],
            ${part.map((r) => r.display)}::text[])
          on conflict (term) do update set df = search_terms.df + excluded.df,
            display = case when search_terms.df <= 0 then excluded.display else search_terms.display end`.execute(
          conn,
        )
      }
      return
    }
    for (let i = 0; i < rows.length; i += 300) {
      await conn
        .insertInto('search_terms')
        .values(rows.slice(i, i + 300))
        .onConflict((oc) =>
          oc.column('term').doUpdateSet({
            df: sql`search_terms.df + excluded.df`,
            // a term no pin holds any more is written anew by the next that does
            display: sql`case when search_terms.df <= 0 then excluded.display else search_terms.display end`,
          }),
        )
        .execute()
    }
  }
}
