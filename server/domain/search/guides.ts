import { BREAK, DOMAIN_FIELD, FIELD_BAR, stems } from './analyzer'

/**
 * Guides: the terms and 2-word phrases that occur in the matching pins far more often than in
 * the whole collection — foreground against background document frequency, scored as
 * Elasticsearch's significant terms (JLH: (fg − bg) × fg / bg) — minus the query's own stems,
 * grouped by stem, kept diverse. A guide is a useful slice of the results: it keeps at least
 * two pins (the sample counts an original pin and its saves as one, as results show them), and
 * those that cover a real share of the results come before those of a few pins only, however
 * rare these are elsewhere.
 */

export interface Guide {
  /** the stem, or two stems for a phrase (how a chosen guide filters) */
  key: string
  /** as people write it */
  term: string
  /** matching pins (in the sample) that carry it */
  count: number
}

export interface GuideInput {
  /** the sampled matching pins (an original pin and its saves count as one) */
  size: number
  /** `foreground` of the sample, minus the stems of the query and of the guides chosen */
  counted: Foreground
  /** document frequency in the whole collection, and the collection's size */
  background: Map<string, { df: number; display: string }>
  total: number
  limit?: number
}

/** A guide seen in at least this many sampled pins (and this share of them). */
const MIN_COUNT = 2
const MIN_SHARE = 0.01
/**
 * Guides covering a real share of the sampled pins rank above the others: at least this many
 * pins and this share of them, or (a few results) this larger share.
 */
const REAL_COUNT = 4
const REAL_SHARE = 0.05
const REAL_SHARE_OF_FEW = 0.25
/** A guide whose pins are mostly the same as a higher one's (Jaccard) adds nothing. */
const MAX_OVERLAP = 0.6

/**
 * Stems of words too general to refine anything ("try", "great", "best"): searchable, never
 * offered as guides.
 */
const GENERIC = new Set(
  stems(
    'best good great nice new old try use make get go bring take find love like want need ' +
      'look way idea ideas easy simple quick perfect favorite favourite amazing awesome ' +
      'beautiful cute cool fun little big top one two first last day time year thing things ' +
      'really also well even much many every lot lots tip tips guide diy',
  ),
)

const isNoise = (term: string) => term.split(' ').every((s) => /^\d+$/.test(s) || s.length < 2)

/** Candidate guides in the sample: how many pins carry each, and which. */
export type Foreground = Map<string, number[]>

/** In a sampled pin's stems as numbers: a field's start, and a break or excluded stem. */
const FIELD_START = -1
const GAP = -2

/**
 * Counts the sample's terms: stems first, then only those 2-word phrases whose both stems are
 * frequent enough (a phrase is never more frequent than its words), each once per pin.
 *
 * `sample`: each sampled matching pin's stored tokens (`search_docs.tokens`); an original pin
 * and its saves are one entry (all their tokens), as results show them. The source domain's
 * field gives no guides. Stems are numbered as they come, so that phrases are counted by a
 * pair of numbers: a query's guides read hundreds of pins.
 */
export function foreground(
  sample: readonly (readonly string[])[],
  exclude: Set<string>,
): Foreground {
  const min = Math.max(MIN_COUNT, Math.ceil(sample.length * MIN_SHARE))
  const numbers = new Map<string, number>()
  const stems: string[] = []
  /** per stem (by number): the pins holding it, once each, in order */
  const holders: number[][] = []
  const coded: number[][] = []
  for (let d = 0; d < sample.length; d++) {
    const out: number[] = []
    for (const tokens of sample[d]!) {
      let field = 0
      out.push(FIELD_START)
      for (const s of tokens.split(' ')) {
        if (s === '') continue
        if (s === FIELD_BAR) {
          field++
          out.push(FIELD_START)
        } else if (field === DOMAIN_FIELD) {
          continue
        } else if (s === BREAK || exclude.has(s)) {
          out.push(GAP)
        } else {
          let n = numbers.get(s)
          if (n === undefined) {
            n = stems.length
            numbers.set(s, n)
            stems.push(s)
            holders.push([])
          }
          const list = holders[n]!
          if (list[list.length - 1] !== d) list.push(d)
          out.push(n)
        }
      }
    }
    coded.push(out)
  }
  const frequent = holders.map((list) => list.length >= min)
  const pairs = new Map<number, number[]>()
  for (let d = 0; d < coded.length; d++) {
    const c = coded[d]!
    for (let i = 0; i + 1 < c.length; i++) {
      const a = c[i]!
      const b = c[i + 1]!
      if (a < 0 || b < 0 || a === b || !frequent[a] || !frequent[b]) continue
      const key = a * stems.length + b
      const list = pairs.get(key)
      if (list === undefined) pairs.set(key, [d])
      else if (list[list.length - 1] !== d) list.push(d)
    }
  }
  const out: Foreground = new Map()
  const offer = (term: string, list: number[]) => {
    // a guide that every matching pin carries narrows nothing
    if (list.length < min || list.length === sample.length || isNoise(term)) return
    if (!term.split(' ').some((s) => GENERIC.has(s))) out.set(term, list)
  }
  for (let n = 0; n < stems.length; n++) offer(stems[n]!, holders[n]!)
  for (const [key, list] of pairs) {
    offer(`${stems[Math.floor(key / stems.length)]} ${stems[key % stems.length]}`, list)
  }
  return out
}

export function computeGuides(input: GuideInput): Guide[] {
  const { size: n, counted: counts, background, total } = input
  const limit = input.limit ?? 8
  if (n === 0 || total === 0) return []
  const scored: { key: string; score: number; real: boolean; members: number[] }[] = []
  for (const [key, members] of counts) {
    const bg = background.get(key)
    if (!bg || bg.df <= 0) continue
    const fgp = members.length / n
    const bgp = Math.min(1, bg.df / total)
    if (fgp <= bgp) continue
    const real = (members.length >= REAL_COUNT && fgp >= REAL_SHARE) || fgp >= REAL_SHARE_OF_FEW
    scored.push({ key, score: (fgp - bgp) * (fgp / bgp), real, members })
  }
  scored.sort(
    (a, b) =>
      Number(b.real) - Number(a.real) ||
      b.score - a.score ||
      b.members.length - a.members.length ||
      (a.key < b.key ? -1 : 1),
  )

  // Diversity: walk down the ranking, keeping a guide only when its pins are not mostly the
  // pins of one already kept.
  const kept: { key: string; members: Set<number> }[] = []
  for (const s of scored) {
    if (kept.length >= limit) break
    const redundant = kept.some((k) => {
      let both = 0
      for (const i of s.members) if (k.members.has(i)) both++
      return both / (s.members.length + k.members.size - both) > MAX_OVERLAP
    })
    if (!redundant) kept.push({ key: s.key, members: new Set(s.members) })
  }
  return kept.map((k) => ({
    key: k.key,
    term: background.get(k.key)!.display,
    count: k.members.size,
  }))
}
