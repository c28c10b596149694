import type { Db } from '../../db/database'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { ownerNotSuspended } from '../moderation/suspension'
import { tokenize } from './analyzer'
import { usernameKey } from './fulltext'

/** Every 3-letter run of a name, padded so that short names and word starts count too. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>()
  for (const word of tokenize(text).map((t) => t.surface)) {
    const padded = `  ${word} `
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3))
  }
  return out
}

/** People's 3-letter runs, anew (a bulk index takes a thousand at a time). */
export async function indexUsers(conn: Kysely<Database>, userIds: number[]) {
  for (let i = 0; i < userIds.length; i += 1000) {
    const ids = userIds.slice(i, i + 1000)
    const users = await conn
      .selectFrom('users')
      .select(['id', 'username', 'business_name'])
      .where('id', 'in', ids)
      .execute()
    await conn.deleteFrom('user_trigrams').where('user_id', 'in', ids).execute()
    const rows = users.flatMap((u) =>
      [...trigrams(`${u.username.replace(/_/g, ' ')} ${u.business_name ?? ''}`)].map((trigram) => ({
        trigram,
        user_id: Number(u.id),
      })),
    )
    for (let j = 0; j < rows.length; j += 1000) {
      await conn
        .insertInto('user_trigrams')
        .values(rows.slice(j, j + 1000))
        .execute()
    }
  }
}

/**
 * People search: names broken into 3-letter runs (`user_trigrams`, kept by the indexer), so
 * that a typo still shares most of them; candidates are then ranked by edit distance.
 */
export function createPeopleIndex(db: Db) {
  /** Usernames starting with `query` (a range of the username index: no scan). */
  async function byPrefix(query: string, limit: number): Promise<number[]> {
    const prefix = query.trim().toLowerCase().replace(/\s+/g, '_')
    if (!/^[a-z0-9_]+$/.test(prefix)) return []
    // a range of a bytewise index of usernames (on PostgreSQL, migration 018's), in its order
    const key = usernameKey(db)
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where(key, '>=', prefix)
      .where(key, '<', `${prefix}\u{10FFFF}`)
      .orderBy(key)
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
    const grams = [...trigrams(query)]
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
