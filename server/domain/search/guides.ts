/**
 * Guides: the terms and 2-word phrases that occur in the matching pins far more often than in
 * the whole collection — foreground against background document frequency, scored as
 * Elasticsearch's significant terms (JLH: (fg − bg) × fg / bg) — minus the query's own stems,
 * grouped by stem, kept diverse.
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
  /** each sampled matching pin's distinct terms (stems and "stem stem" phrases) */
  docs: Set<string>[]
  /** document frequency in the whole collection, and the collection's size */
  background: Map<string, { df: number; display: string }>
  total: number
  /** stems of the query and of the guides already chosen: never offered again */
  exclude: Set<string>
  limit?: number
}

/** A guide seen in at least this many sampled pins (and this share of them). */
const MIN_COUNT = 2
const MIN_SHARE = 0.01
/** A guide whose pins are mostly the same as a higher one's (Jaccard) adds nothing. */
const MAX_OVERLAP = 0.6

const isNoise = (term: string) => term.split(' ').every((s) => /^\d+$/.test(s) || s.length < 2)

/** Terms worth looking up in the background: frequent enough in the sample, not excluded. */
export function foregroundCounts(docs: Set<string>[], exclude: Set<string>): Map<string, number> {
  const counts = new Map<string, number>()
  for (const doc of docs) for (const t of doc) counts.set(t, (counts.get(t) ?? 0) + 1)
  const min = Math.max(MIN_COUNT, Math.ceil(docs.length * MIN_SHARE))
  for (const [t, n] of counts) {
    if (n < min || isNoise(t) || t.split(' ').some((s) => exclude.has(s))) counts.delete(t)
  }
  return counts
}

export function computeGuides(input: GuideInput): Guide[] {
  const { docs, background, total, exclude } = input
  const limit = input.limit ?? 8
  const n = docs.length
  if (n === 0 || total === 0) return []
  const counts = foregroundCounts(docs, exclude)
  const scored: { key: string; score: number; count: number }[] = []
  for (const [key, fg] of counts) {
    const bg = background.get(key)
    if (!bg || bg.df <= 0) continue
    const fgp = fg / n
    const bgp = Math.min(1, bg.df / total)
    if (fgp <= bgp) continue
    scored.push({ key, score: (fgp - bgp) * (fgp / bgp), count: fg })
  }
  scored.sort((a, b) => b.score - a.score || b.count - a.count || (a.key < b.key ? -1 : 1))

  // Diversity: walk down the ranking, keeping a guide only when its pins are not mostly the
  // pins of one already kept.
  const membersOf = (key: string) => {
    const set = new Set<number>()
    docs.forEach((d, i) => d.has(key) && set.add(i))
    return set
  }
  const kept: { key: string; count: number; members: Set<number> }[] = []
  for (const s of scored) {
    if (kept.length >= limit) break
    const members = membersOf(s.key)
    const redundant = kept.some((k) => {
      let both = 0
      for (const i of members) if (k.members.has(i)) both++
      return both / (members.size + k.members.size - both) > MAX_OVERLAP
    })
    if (!redundant) kept.push({ key: s.key, count: s.count, members })
  }
  return kept.map((k) => ({
    key: k.key,
    term: background.get(k.key)!.display,
    count: k.count,
  }))
}
