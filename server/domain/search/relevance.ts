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
 * A pin's relevance, read straight from its stored tokens (what `decodeTokens` would give,
 * without an array per field: a window ranks 500 of them per query), and whether `sequence`
 * (the query's stems in order, for the exact-phrase boost; null: not asked) occurs in it as
 * consecutive stems — across fields, a break counting as a stem between two.
 */
export function scoreTokens(
  tokens: string,
  terms: QueryTerm[],
  sequence: readonly string[] | null,
): { score: number; exact: boolean } {
  const words = tokens.split(' ')
  const tf = new Array<number>(terms.length).fill(0)
  const lastOfSequence = sequence?.[sequence.length - 1]
  let exact = false
  let field = 0
  let length = 0
  for (let i = 0; i < words.length; i++) {
    const s = words[i]!
    if (s === '') continue
    if (s === FIELD_BAR) {
      field++
      continue
    }
    if (s === lastOfSequence && !exact) exact = endsWith(words, i, sequence!)
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
  return { score, exact }
}

/** Whether the stems up to `words[at]` (field bars skipped) end with `sequence`. */
function endsWith(words: string[], at: number, sequence: readonly string[]): boolean {
  let j = sequence.length - 1
  for (let i = at; i >= 0 && j >= 0; i--) {
    const w = words[i]!
    if (w === '' || w === FIELD_BAR) continue
    if (w !== sequence[j]) return false
    j--
  }
  return j < 0
}
