import { stems, STOP_WORDS } from '../domain/search/analyzer'
import type { Db } from '../db/database'
import { userRow } from '../db/test-rows'
import { createRng, type Rng } from './prng'

/**
 * Synthetic text for search: made-up words drawn by Zipf's law (so frequent words are
 * frequent, as in real text), and pins written straight into the database in bulk. Used by
 * the guide-quality test and by `npm run bench -- search`.
 */

const SYLLABLES = 'ka lo mi ne ru ta vo si pe du ga ri ko zu fa ne ho bi ly te'.split(' ')

/** `n` distinct made-up words whose stems are distinct too (and none a stop word). */
export function madeUpWords(n: number, rng: Rng): string[] {
  const words: string[] = []
  const seen = new Set<string>()
  while (words.length < n) {
    const length = rng.int(2, 4)
    let w = ''
    for (let i = 0; i < length; i++) w += SYLLABLES[rng.int(0, SYLLABLES.length - 1)]
    w += 'xq'[rng.int(0, 1)]
    const stem = stems(w)[0]
    if (!stem || seen.has(stem) || STOP_WORDS.has(w)) continue
    seen.add(stem)
    words.push(w)
  }
  return words
}

/** Draws ranks 0..n-1 with P(rank k) ∝ 1 / (k + 1)^s. */
export function zipf(n: number, rng: Rng, s = 1): () => number {
  const cumulative = new Float64Array(n)
  let sum = 0
  for (let k = 0; k < n; k++) cumulative[k] = sum += 1 / (k + 1) ** s
  return () => {
    const x = rng.next() * sum
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

export { createRng }

export interface CorpusPin {
  title: string
  description: string
}

/**
 * Writes pins (and, first time, the one person, board and image they hang on) straight into
 * the database, `batch` rows per statement; answers the new pins' ids. Search indexing is the
 * caller's (rebuildSearchIndex).
 */
export async function insertCorpus(
  db: Db,
  pins: CorpusPin[],
  opts: { createdFrom?: number; spanMs?: number; batch?: number } = {},
): Promise<void> {
  const owner = await db
    .insertInto('users')
    .values(userRow(`corpus_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`))
    .returning('id')
    .executeTakeFirstOrThrow()
  const ownerId = Number(owner.id)
  const key = `corpus-${ownerId}`
  await db
    .insertInto('media')
    .values({
      key,
      owner_id: ownerId,
      width: 600,
      height: 800,
      dominant_color: '#888888',
      created_at: new Date().toISOString(),
    })
    .execute()
  const board = await db
    .insertInto('boards')
    .values({
      owner_id: ownerId,
      name: 'Corpus',
      description: '',
      privacy: 'PUBLIC',
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const from = opts.createdFrom ?? Date.now() - 365 * 86_400_000
  const span = opts.spanMs ?? 365 * 86_400_000
  const batch = opts.batch ?? 500
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < pins.length; i += batch) {
      await trx
        .insertInto('pins')
        .values(
          pins.slice(i, i + batch).map((p, j) => ({
            owner_id: ownerId,
            board_id: Number(board.id),
            board_section_id: null,
            secret: 0,
            title: p.title,
            description: p.description,
            link: null,
            alt_text: null,
            media_key: key,
            parent_pin_id: null,
            source_domain: null,
            save_count: 0,
            like_count: 0,
            click_count: 0,
            created_at: new Date(from + (span * (i + j)) / pins.length).toISOString(),
          })),
        )
        .execute()
    }
  })
}
