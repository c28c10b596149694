import { stemmer } from 'stemmer'
import type { Db } from '../../db/database'
import { domainWords, fold, STOP_WORDS, tokenize } from './analyzer'
import type { FullText } from './fulltext'
import { checkQueryLength } from './query'
import { termStats } from './statistics'

/**
 * Word completion for the search box's typeahead: the word being typed completed to words
 * public pins really hold ("ten" → "tent", "tents", "tennis"), the words before it kept — never
 * the letters typed so far glued to another word ("ten spring"). The words come from the newest
 * public pins that match the query so far, as those pins write them, the most common first.
 */

/** Public matches whose words are read. */
const SAMPLE = 200
/** The shortest beginning completed (a single letter would read every word of the index). */
const MIN_TYPED = 2
/** A word not found as typed is looked for from this many letters fewer (a stem is shorter). */
const SHORTER_BY = 3

export interface Completion {
  /** the whole query, its last word completed */
  query: string
  /** the completed word */
  word: string
  /** sampled pins holding it */
  count: number
}

export interface Completions {
  items: Completion[]
  /**
   * the last word as typed is a word public pins hold, and none of its completions is held by
   * more of them (or the query ends between words)
   */
  whole: boolean
}

export function createCompleter(deps: { db: Db; fullText: FullText }) {
  const { db, fullText } = deps

  /** Public pins' text, field by field, of these pins. */
  async function texts(ids: number[]) {
    if (ids.length === 0) return []
    const rows = await db
      .selectFrom('pins as p')
      .innerJoin('boards as b', 'b.id', 'p.board_id')
      .select(['p.title', 'p.description', 'p.alt_text', 'p.source_domain', 'b.name'])
      .where('p.id', 'in', ids)
      .where('p.secret', '=', 0)
      .execute()
    return rows.map((r) =>
      [r.title, r.description, r.alt_text, r.name, domainWords(r.source_domain)]
        .filter(Boolean)
        .join(' \n '),
    )
  }

  return {
    async complete(query: string, limit: number): Promise<Completions> {
      checkQueryLength(query.trim())
      // the word being typed (the query ends on it), and the words before it
      const written = /[\p{L}\p{N}]+$/u.exec(query)?.[0]
      if (written === undefined) return { items: [], whole: true }
      const head = query.slice(0, query.length - written.length)
      const typed = fold(written)
      const before = tokenize(head).map((t) => t.stem)
      const [stem] = tokenize(typed).map((t) => t.stem)
      const typedDf = stem === undefined ? 0 : ((await termStats(db, [stem])).get(stem)?.df ?? 0)
      let whole = typedDf > 0
      // letters, not UTF-16 units: a beginning never ends half-way through one
      const letters = Array.from(typed)
      if (letters.length < MIN_TYPED || !/^[\p{L}\p{N}]+$/u.test(typed)) return { items: [], whole }
      // the newest public pins holding the words before and a word starting as typed
      let ids: number[] = []
      const shortest = Math.max(MIN_TYPED, letters.length - SHORTER_BY)
      for (let n = letters.length; n >= shortest && ids.length === 0; n--) {
        const prefix = letters.slice(0, n).join('')
        const match = { all: [...new Set(before)], phrases: [], prefix }
        ids = await fullText.matchPins(match, null, SAMPLE, null)
      }
      const counts = new Map<string, number>()
      for (const text of await texts(ids)) {
        const seen = new Set<string>()
        for (const m of fold(text).matchAll(/[\p{L}\p{N}]+/gu)) {
          const word = m[0]
          if (word.length > typed.length && word.startsWith(typed) && !STOP_WORDS.has(word)) {
            seen.add(word)
          }
        }
        for (const word of seen) counts.set(word, (counts.get(word) ?? 0) + 1)
      }
      const ranked = [...counts]
        .sort(([a, x], [b, y]) => y - x || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
        .map(([word, count]) => ({ word, count, stem: stemmer(word) }))
      if (whole) {
        // a word public pins hold, but one of its completions in more of them: most likely
        // still being typed ("ten" on the way to "tent"), so no refinements of it
        const stats = await termStats(db, [...new Set(ranked.slice(0, limit).map((c) => c.stem))])
        whole = !ranked
          .slice(0, limit)
          .some((c) => c.stem !== stem && (stats.get(c.stem)?.df ?? 0) > typedDf)
      }
      const items = ranked
        // after a whole word, its other forms would search for the very same ("tent", "tents")
        .filter((c) => !whole || c.stem !== stem)
        .slice(0, limit)
        .map(({ word, count }) => ({ query: `${head}${word}`.trim(), word, count }))
      return { items, whole }
    },
  }
}

export type Completer = ReturnType<typeof createCompleter>
