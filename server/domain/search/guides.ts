import { BREAK, stems } from './analyzer'

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
  /**
   * each sampled matching pin's stems, per field (fields that may give guides only); an
   * original pin and its saves are one entry (their fields together)
   */
  docs: string[][][]
  /** document frequency in the whole collection, and the collection's size */
  background: Map<string, { df: number; display: string }>
  total: number
  /** stems of the query and of the guides already chosen: never offered again */
  exclude: Set<string>
  limit?: number
  /** `foreground(docs, exclude)`, when the caller has it already */
  counted?: Foreground
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

/**
 * Counts the sample's terms: stems first, then only those 2-word phrases whose both stems are
 * frequent enough (a phrase is never more frequent than its words), each once per pin.
 */
export function foreground(docs: string[][][], exclude: Set<string>): Foreground {
  const min = Math.max(MIN_COUNT, Math.ceil(docs.length * MIN_SHARE))
  const add = (members: Foreground, key: string, d: number) => {
    const list = members.get(key)
    if (list === undefined) members.set(key, [d])
    else if (list[list.length - 1] !== d) list.push(d)
  }
  const stemsSeen: Foreground = new Map()
  for (let d = 0; d < docs.length; d++) {
    for (const field of docs[d]!) {
      for (const s of field) if (s !== BREAK && !exclude.has(s)) add(stemsSeen, s, d)
    }
  }
  const frequent = new Set<string>()
  for (const [s, members] of stemsSeen) if (members.length >= min) frequent.add(s)
  const phrases: Foreground = new Map()
  for (let d = 0; d < docs.length; d++) {
    for (const field of docs[d]!) {
      for (let i = 0; i + 1 < field.length; i++) {
        const a = field[i]!
        const b = field[i + 1]!
        if (a !== b && frequent.has(a) && frequent.has(b)) add(phrases, `${a} ${b}`, d)
      }
    }
  }
  const out: Foreground = new Map()
  for (const members of [stemsSeen, phrases]) {
    for (const [term, list] of members) {
      // a guide that every matching pin carries narrows nothing
      if (list.length < min || list.length === docs.length || isNoise(term)) continue
      if (!term.split(' ').some((s) => GENERIC.has(s))) out.set(term, list)
    }
  }
  return out
}

export function computeGuides(input: GuideInput): Guide[] {
  const { docs, background, total, exclude } = input
  const limit = input.limit ?? 8
  const n = docs.length
  if (n === 0 || total === 0) return []
  const counts = input.counted ?? foreground(docs, exclude)
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
