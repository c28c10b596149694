import { stemmer } from 'stemmer'
import type { Db } from '../../db/database'
import { fold } from './analyzer'
import type { FullText } from './fulltext'
import type { ParsedQuery, QueryWord } from './query'
import { termStats } from './statistics'

/**
 * Typo correction for pin search ("tnet" → "tent"). A query that finds very few pins and has a
 * word no public pin holds (or that finds none at all, and has a word hardly any pin holds) has
 * that word corrected against the instance's own vocabulary — the words of public pins, in `search_terms` — to the closest word
 * (edit distance 1, or 2 for a long word no pin holds; a swap of neighbours counts one), and among
 * the closest the most frequent. The vocabulary counts public pins only, so a correction never
 * tells anything of a secret pin; both dialects read the same statistics, so both correct alike.
 */

/** A query that finds fewer pins than this (for its viewer) may be corrected. */
export const FEW_RESULTS = 3
/** A word held by fewer public pins than this may be a typo. */
const RARE_DF = 3
/** A correction must be held by this many times more public pins than the word as written. */
const MORE_FREQUENT = 4
/** Words shorter than this are never corrected (too many words are one letter away). */
const MIN_LENGTH = 3
/** Words no pin holds of at least this length may be two edits away from the right one. */
const TWO_EDITS_FROM = 5
/** Vocabulary words read per range when looking two edits away. */
const RANGE_ROWS = 20_000

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz'

/**
 * Optimal string alignment distance (Levenshtein, plus a swap of two neighbours as one edit),
 * or `max + 1` as soon as it must exceed `max`.
 */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev2: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2]! + 1)
      }
      row.push(d)
      best = Math.min(best, d)
    }
    if (best > max) return max + 1
    prev2 = prev
    prev = row
  }
  return Math.min(prev[b.length]!, max + 1)
}

/** Every string one edit from `word`: a letter left out, swapped with the next, changed, added. */
export function edits1(word: string): Set<string> {
  // by letters, not UTF-16 units: no edit splits a letter outside the BMP in two
  const chars = Array.from(word)
  const letters = new Set([...ALPHABET, ...chars])
  const out = new Set<string>()
  for (let i = 0; i <= chars.length; i++) {
    const head = chars.slice(0, i).join('')
    const tail = chars.slice(i)
    const rest = tail.slice(1).join('')
    if (tail.length > 0) out.add(head + rest)
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2).join(''))
    for (const c of letters) {
      if (tail.length > 0 && c !== tail[0]) out.add(head + c + rest)
      out.add(head + c + tail.join(''))
    }
  }
  out.delete(word)
  return out
}

/** What the vocabulary offers in place of a word. */
export interface Correction {
  /** as the corrected query writes it */
  surface: string
  stem: string
  /** public pins holding it */
  df: number
  distance: number
}

/** The first string after every string starting with `prefix` (a–z, 0–9), or null. */
function after(prefix: string): string | null {
  const order = '0123456789abcdefghijklmnopqrstuvwxyz'
  for (let i = prefix.length - 1; i >= 0; i--) {
    const at = order.indexOf(prefix[i]!)
    if (at < 0) return null
    if (at + 1 < order.length) return prefix.slice(0, i) + order[at + 1]
  }
  return null
}

export function createSpeller(deps: { db: Db; fullText: FullText }) {
  const { db, fullText } = deps

  /** The best of `found` for `word`: closest first, then most frequent, then by name. */
  function best(word: QueryWord, found: Correction[]): Correction | null {
    const wanted = Math.max(1, word.df * MORE_FREQUENT)
    const fit = found.filter((c) => c.df >= wanted && c.stem !== word.stem)
    fit.sort(
      (a, b) =>
        a.distance - b.distance || b.df - a.df || (a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0),
    )
    return fit[0] ?? null
  }

  /** How close a vocabulary word is to what was written, and the form to show it in. */
  function measure(word: QueryWord, stem: string, df: number, forms: string[]): Correction {
    // shown as the form closest to what was written (the usual spelling when as close)
    let surface = forms[0]!
    let shown = editDistance(word.surface, surface)
    for (const form of forms.slice(1)) {
      const d = editDistance(word.surface, form)
      if (d < shown) {
        shown = d
        surface = form
      }
    }
    return { surface, stem, df, distance: Math.min(shown, editDistance(word.stem, stem)) }
  }

  /** Words one edit from `word` (as written, or its stem) that public pins hold. */
  async function oneEditAway(word: QueryWord): Promise<Correction[]> {
    const forms = new Map<string, Set<string>>()
    for (const written of [word.surface, word.stem]) {
      for (const edit of edits1(written)) {
        const stem = stemmer(edit)
        if (stem === word.stem || stem.length < 2) continue
        const seen = forms.get(stem)
        if (seen) seen.add(edit)
        else forms.set(stem, new Set([edit]))
      }
    }
    const stats = await termStats(db, [...forms.keys()])
    const out: Correction[] = []
    for (const [stem, stat] of stats) {
      if (stat.df <= 0) continue
      const c = measure(word, stem, stat.df, [stat.display, ...forms.get(stem)!])
      if (c.distance <= 1) out.push(c)
    }
    return out
  }

  /**
   * Words two edits from `word` that public pins hold, among those starting with the same two
   * letters (or those two swapped): one range of the vocabulary's index each.
   */
  async function twoEditsAway(word: QueryWord): Promise<Correction[]> {
    const starts = new Set<string>()
    for (const w of [word.surface, word.stem]) {
      const [a, b] = Array.from(w)
      if (a === undefined || b === undefined) continue
      starts.add(a + b)
      starts.add(b + a)
    }
    const out = new Map<string, Correction>()
    for (const start of starts) {
      const end = after(start)
      if (end === null) continue
      const rows = await db
        .selectFrom('search_terms')
        .select(['term', 'df', 'display'])
        .where('term', '>=', start)
        .where('term', '<', end)
        .where('df', '>', 0)
        .limit(RANGE_ROWS)
        .execute()
      for (const r of rows) {
        if (r.term.includes(' ') || !r.term.startsWith(start) || out.has(r.term)) continue
        const c = measure(word, r.term, Number(r.df), [r.display])
        if (c.distance <= 2) out.set(r.term, c)
      }
    }
    return [...out.values()]
  }

  async function correctWord(word: QueryWord): Promise<Correction | null> {
    const near = best(word, await oneEditAway(word))
    if (near || word.df > 0 || word.surface.length < TWO_EDITS_FROM) return near
    return best(word, await twoEditsAway(word))
  }

  return {
    /**
     * The query corrected (its misspelt words replaced, the rest as written), when it finds
     * fewer than FEW_RESULTS pins for this viewer and a word of it is likely misspelt; else null.
     * `found`: how many (up to FEW_RESULTS) the query as written finds.
     */
    async correct(
      parsed: ParsedQuery,
      query: string,
      viewerId: number | null,
    ): Promise<{ text: string; found: number } | null> {
      const suspects = parsed.words.filter(
        (w) => w.df < RARE_DF && w.surface.length >= MIN_LENGTH && !/^\d+$/.test(w.surface),
      )
      if (suspects.length === 0) return null
      const found = (await fullText.matchPins(parsed.match, null, FEW_RESULTS, viewerId)).length
      if (found >= FEW_RESULTS) return null
      const replace = new Map<string, string>()
      // a rare word that finds pins is taken as meant; only a query finding none doubts it
      for (const word of suspects.filter((w) => w.df === 0 || found === 0)) {
        if (replace.has(word.surface)) continue
        const c = await correctWord(word)
        if (c) replace.set(word.surface, c.surface)
      }
      if (replace.size === 0) return null
      const text = query
        .trim()
        .replace(/[\p{L}\p{N}]+/gu, (written) => replace.get(fold(written)) ?? written)
      return { text, found }
    },
  }
}

export type Speller = ReturnType<typeof createSpeller>
