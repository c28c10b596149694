import { BREAK, FIELD_BAR } from './analyzer'

/**
 * BM25F text relevance, computed here from a pin's stored stems instead of by the database:
 * FTS5's bm25() counts every match of every term once per query to get their IDF (tens of ms
 * for a frequent word in a million pins); here IDF comes from `search_terms`, kept on write.
 */

const K1 = 1.2
const B = 0.75
/** the title counts twice */
const FIELD_WEIGHTS = [2, 1, 1, 1, 1]
/** a typical pin's weighted length, in stems */
const AVERAGE_LENGTH = 25

export interface QueryTerm {
  stem: string
  /** inverse document frequency */
  idf: number
  /** matches any stem starting with it */
  prefix: boolean
}

export const idf = (df: number, total: number) =>
  Math.log(1 + (Math.max(total, 1) - df + 0.5) / (Math.max(df, 0) + 0.5))

/**
 * A pin's relevance and its stems as one line, read straight from its stored tokens (what
 * `decodeTokens` would give, without an array per field: a window ranks 500 of them per query).
 * `flat`: every stem (breaks kept) space-separated across fields, for the exact-phrase test;
 * asked for only when a query has more than one word.
 */
export function scoreTokens(
  tokens: string,
  terms: QueryTerm[],
  withFlat: boolean,
): { score: number; flat: string } {
  const words = tokens.split(' ')
  const tf = new Array<number>(terms.length).fill(0)
  let field = 0
  let length = 0
  let flat = ''
  for (const s of words) {
    if (s === '') continue
    if (s === FIELD_BAR) {
      field++
      continue
    }
    if (withFlat) flat = flat === '' ? s : `${flat} ${s}`
    const w = FIELD_WEIGHTS[field] ?? 1
    if (s === BREAK) continue
    length += w
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!
      if (term.prefix ? s.startsWith(term.stem) : s === term.stem) tf[t]! += w
    }
  }
  const norm = K1 * (1 - B + (B * length) / AVERAGE_LENGTH)
  let score = 0
  for (let t = 0; t < terms.length; t++) {
    const f = tf[t]!
    if (f > 0) score += (terms[t]!.idf * f * (K1 + 1)) / (f + norm)
  }
  return { score, flat }
}
