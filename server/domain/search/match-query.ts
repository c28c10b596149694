/** What search asks of the full-text index, and the query texts each dialect's index reads. */

/**
 * What a search asks the full-text index for: documents holding every one of `all` (stems),
 * every phrase of `phrases` (stems in order) and, when set, a stem starting with `prefix`.
 */
export interface MatchQuery {
  all: string[]
  phrases: string[][]
  prefix: string | null
  /** document frequencies already read from the statistics ('' = the public pins), if any */
  known?: ReadonlyMap<string, number>
}

const isPlainStem = (s: string) => /^[\p{L}\p{N}]+$/u.test(s)

/** FTS5 query text: quoted stems ANDed, phrases in quotes, the prefix starred. */
export function fts5Query(q: MatchQuery): string {
  const parts = [
    ...q.all.map((s) => `"${s}"`),
    ...q.phrases.map((p) => `"${p.join(' ')}"`),
    ...(q.prefix ? [`"${q.prefix}"*`] : []),
  ]
  return parts.join(' AND ')
}

/** tsquery text for the 'simple' configuration: `a & b & (c <-> d) & e:*`. */
export function tsQuery(q: MatchQuery): string {
  const parts = [
    ...q.all,
    ...q.phrases.map((p) => `(${p.join(' <-> ')})`),
    ...(q.prefix ? [`${q.prefix}:*`] : []),
  ]
  return parts.join(' & ')
}

export function checkTerms(q: MatchQuery) {
  const every = [...q.all, ...q.phrases.flat(), ...(q.prefix ? [q.prefix] : [])]
  if (every.length === 0 || !every.every(isPlainStem)) throw new Error('not analyzed terms')
}

/** Matches newest first (ids descending). */
export const newestFirst = <R extends { id: number }>(rows: R[]) => rows.sort((a, b) => b.id - a.id)
