import type { Db } from '../../db/database'
import { sql } from 'kysely'
import { dialectOf, startsWith } from '../../db/dialect'
import { trigrams as trigramsOf } from './indexer'
import { ownerNotSuspended } from '../moderation/suspension'

/**
 * People search: names broken into 3-letter runs (`user_trigrams`, kept by the indexer), so
 * that a typo still shares most of them; candidates are then ranked by edit distance.
 */
export function createPeopleIndex(db: Db) {
  /** Usernames starting with `query` (a range of the username index: no scan). */
  async function byPrefix(query: string, limit: number): Promise<number[]> {
    const prefix = query.trim().toLowerCase().replace(/\s+/g, '_')
    if (!/^[a-z0-9_]+$/.test(prefix)) return []
    // PostgreSQL: a range of the bytewise index of migration 018 (as SQLite compares), in its
    // order; `like` on the default collation's index would read every name
    const bytewise = dialectOf(db) === 'postgres' ? sql<string>`username collate "C"` : null
    const rows = await db
      .selectFrom('users')
      .select('id')
      .$call((q) =>
        bytewise
          ? q
              .where(bytewise, '>=', prefix)
              .where(bytewise, '<', `${prefix}\u{10FFFF}`)
              .orderBy(bytewise)
          : q.where(startsWith(db, 'username', prefix)).orderBy('username'),
      )
      // hidden: a suspended account, and the tombstone a deleted one leaves (it has no trigrams)
      .where('suspended_at', 'is', null)
      .where('deleted_at', 'is', null)
      .limit(limit)
      .execute()
    return rows.map((r) => Number(r.id))
  }

  /**
   * Ids of people named like `query`: those whose username starts with it, then — unless
   * `enough` of those were found — those sharing the most 3-letter runs with it (typos).
   */
  async function like(query: string, limit: number, enough = limit): Promise<number[]> {
    const prefixed = await byPrefix(query, limit)
    if (prefixed.length >= enough) return prefixed
    const similar = await byTrigrams(query, limit)
    return [...new Set([...prefixed, ...similar])].slice(0, limit)
  }

  async function byTrigrams(query: string, limit: number): Promise<number[]> {
    const grams = [...trigramsOf(query)]
    if (grams.length === 0) return []
    const rows = await db
      .selectFrom('user_trigrams')
      .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('trigram', 'in', grams)
      .where(ownerNotSuspended('user_trigrams.user_id'))
      .groupBy('user_id')
      .orderBy('n', 'desc')
      .orderBy('user_id')
      .limit(limit)
      .execute()
    const min = Math.max(1, Math.floor(grams.length / 3))
    return rows.filter((r) => Number(r.n) >= min).map((r) => Number(r.user_id))
  }

  return { like }
}

export type PeopleIndex = ReturnType<typeof createPeopleIndex>

/** Edit distance from the query to the closest of a person's names (prefixes count as close). */
export function nameDistance(query: string, username: string, businessName: string | null) {
  const names = [username, username.replace(/_/g, ' '), (businessName ?? '').toLowerCase()]
  let best = Infinity
  for (const name of names) {
    if (!name) continue
    if (name === query) return 0
    if (name.startsWith(query)) best = Math.min(best, 0.5)
    best = Math.min(best, levenshtein(query, name.slice(0, query.length + 2)) + 0.1)
  }
  return best
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}
