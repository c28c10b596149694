import { BREAK } from './analyzer'

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

/** `fields`: the pin's stems per field, title first. */
export function bm25f(fields: string[][], terms: QueryTerm[]): number {
  let length = 0
  fields.forEach((f, i) => {
    for (const s of f) if (s !== BREAK) length += FIELD_WEIGHTS[i] ?? 1
  })
  const norm = K1 * (1 - B + (B * length) / AVERAGE_LENGTH)
  let score = 0
  for (const term of terms) {
    let tf = 0
    fields.forEach((f, i) => {
      const w = FIELD_WEIGHTS[i] ?? 1
      for (const s of f) if (term.prefix ? s.startsWith(term.stem) : s === term.stem) tf += w
    })
    if (tf > 0) score += (term.idf * tf * (K1 + 1)) / (tf + norm)
  }
  return score
}
