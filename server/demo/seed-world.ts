import type { Insertable, Transaction } from 'kysely'
import type { Db } from '../db/database'
import { refreshStatistics, syncIdSequences } from '../db/dialect'
import type { Database, UserTable } from '../db/schema'
import { rebuildSearchIndex } from '../domain/search/indexer'
import { THEMES, type Theme } from './images/render'
import { ingestPools, type MediaIngest } from './ingest-pool'
import type { PersonIdea } from './people'
import { planWorld } from './plan'
import { createRng } from './prng'
import { writeNetworksAfter } from '../domain/feed/timeline'

export type SeedPhase =
  'people' | 'images' | 'plan' | 'boards' | 'pins' | 'likes' | 'follows' | 'feeds' | 'search'

export interface SeedWorldOptions {
  people: PersonIdea[]
  pins: number
  /** distinct pictures to render and ingest for pins (reused across pins) */
  images: number
  /** distinct avatars; people share them round-robin (brands get their own mark) */
  avatars: number
  follows: 'curated' | { min: number; max: number }
  passwordHash: string
  emailDomain?: string
  likesPerPin?: number
  repinShare?: number
  seed?: string
  spanDays?: number
  onProgress?: (phase: SeedPhase, done: number, total: number) => void
}

export interface SeedSummary {
  users: number
  brands: number
  boards: number
  secretBoards: number
  sections: number
  pins: number
  repins: number
  likes: number
  follows: number
  boardFollows: number
  images: number
  /** user ids in the order of `people` */
  userIds: number[]
  ms: number
}

/** Rows per multi-row INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const MAX_PARAMS = 30_000

/** Inserts rows in multi-row statements of at most MAX_PARAMS parameters. */
export async function insertAll<T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
  onBatch?: (done: number) => void,
) {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!).length
  const size = Math.max(1, Math.floor(MAX_PARAMS / columns))
  for (let i = 0; i < rows.length; i += size) {
    // Kysely cannot relate a generic table to its row type; the signature above does.
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute()
    onBatch?.(Math.min(rows.length, i + size))
  }
}

async function maxId(db: Db, table: 'users' | 'boards' | 'board_sections' | 'pins') {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('id').as('max'))
    .executeTakeFirst()
  return Number(row?.max ?? 0)
}

/** Rows are inserted with explicit ids (repins point at their parents, follows at people). */
const EXPLICIT_IDS = ['users', 'boards', 'board_sections', 'pins']

/** Builds a whole world of people, boards, pins, likes and follows into the database. */
export async function seedWorld(
  deps: { db: Db; media: MediaIngest },
  opts: SeedWorldOptions,
): Promise<SeedSummary> {
  const started = Date.now()
  const { db, media } = deps
  const seed = opts.seed ?? 'corkboard'
  const rng = createRng(seed)
  const progress = opts.onProgress ?? (() => {})
  const now = Date.now()
  const spanDays = opts.spanDays ?? 180
  const start = now - spanDays * 86400_000
  const emailDomain = opts.emailDomain ?? 'example.com'

  // 1. People: committed first, because the media they own refers to them.
  const firstUser = (await maxId(db, 'users')) + 1
  const userIds = opts.people.map((_, i) => firstUser + i)
  const users: (Insertable<UserTable> & { id: number })[] = opts.people.map((p, i) => ({
    id: userIds[i]!,
    username: p.username,
    email: `${p.username}@${emailDomain}`,
    password_hash: opts.passwordHash,
    account_type: p.business_name ? 'BUSINESS' : 'PINNER',
    business_name: p.business_name ?? null,
    about: p.about,
    website_url: p.website_url ?? null,
    profile_image_key: null,
    message_policy: 'mutual',
    created_at: new Date(
      start + ((spanDays * 86400_000) / 10) * (i / opts.people.length),
    ).toISOString(),
  }))
  // seeded people are established members: first sign-in's topics and follows are behind them
  for (const user of users) user.onboarded_at = user.created_at
  await db
    .transaction()
    .execute((trx) => insertAll(trx, 'users', users, (d) => progress('people', d, users.length)))
  await syncIdSequences(db, EXPLICIT_IDS)

  try {
    // 2. Pictures, rendered offline and stored by the media service.
    const byTheme = new Map<Theme, number[]>(THEMES.map((t) => [t, []]))
    opts.people.forEach((p, i) => {
      if (!p.business_name) for (const t of p.interests) byTheme.get(t)!.push(userIds[i]!)
    })
    const brands = new Map<number, number>()
    opts.people.forEach((p, i) => {
      if (p.business_name) brands.set(userIds[i]!, p.brandHue ?? rng.int(0, 359))
    })
    const pools = await ingestPools(media, rng.fork('media'), {
      images: opts.images,
      avatars: Math.min(opts.avatars, opts.people.length),
      brands,
      ownerFor: (theme, index) => {
        const owners = byTheme.get(theme)!
        return owners.length ? owners[index % owners.length]! : userIds[index % userIds.length]!
      },
      avatarOwner: (index) => userIds[index]!,
      seed,
      onProgress: (d, t) => progress('images', d, t),
    })

    // 3. Everything else, planned in memory with its counts, then written in one transaction.
    progress('plan', 0, 1)
    const lastPinBefore = await maxId(db, 'pins')
    const plan = planWorld({
      rng: rng.fork('world'),
      people: opts.people,
      userIds,
      after: {
        board: await maxId(db, 'boards'),
        section: await maxId(db, 'board_sections'),
        pin: lastPinBefore,
      },
      pins: opts.pins,
      pools,
      follows: opts.follows,
      likesPerPin: opts.likesPerPin ?? 1,
      repinShare: opts.repinShare ?? 0.25,
      now,
      spanDays,
    })
    progress('plan', 1, 1)

    await db.transaction().execute(async (trx) => {
      await insertAll(trx, 'boards', plan.boards, (d) => progress('boards', d, plan.boards.length))
      await insertAll(trx, 'board_sections', plan.sections)
      await insertAll(trx, 'pins', plan.pins, (d) => progress('pins', d, plan.pins.length))
      await insertAll(trx, 'pin_likes', plan.likes, (d) => progress('likes', d, plan.likes.length))
      const edges = plan.follows.length + plan.boardFollows.length
      await insertAll(trx, 'follows', plan.follows, (d) => progress('follows', d, edges))
      await insertAll(trx, 'board_follows', plan.boardFollows, (d) =>
        progress('follows', plan.follows.length + d, edges),
      )
      progress('feeds', 0, 1)
      await writeNetworksAfter(trx, lastPinBefore)
      progress('feeds', 1, 1)
      await rebuildSearchIndex(trx, (d) => progress('search', d, plan.pins.length))
      // profile pictures: brands wear their mark, people share the avatar pool
      const avatarOf = new Map<string, number[]>()
      userIds.forEach((id, i) => {
        const key = pools.brandMarks.get(id) ?? pools.avatars[i % pools.avatars.length]
        if (!key) return
        const ids = avatarOf.get(key)
        if (ids) ids.push(id)
        else avatarOf.set(key, [id])
      })
      for (const [key, ids] of avatarOf) {
        for (let i = 0; i < ids.length; i += MAX_PARAMS) {
          await trx
            .updateTable('users')
            .set({ profile_image_key: key })
            .where('id', 'in', ids.slice(i, i + MAX_PARAMS))
            .execute()
        }
      }
    })
    await syncIdSequences(db, EXPLICIT_IDS)
    // PostgreSQL plans by statistics, which a bulk load leaves stale (feed_items and the
    // search tables refresh their own)
    await refreshStatistics(db, [...EXPLICIT_IDS, 'media', 'pin_likes', 'follows', 'board_follows'])

    return {
      users: users.length,
      brands: brands.size,
      boards: plan.boards.length,
      secretBoards: plan.boards.filter((b) => b.privacy === 'SECRET').length,
      sections: plan.sections.length,
      pins: plan.pins.length,
      repins: plan.pins.filter((p) => p.parent_pin_id !== null).length,
      likes: plan.likes.length,
      follows: plan.follows.length,
      boardFollows: plan.boardFollows.length,
      images: opts.images,
      userIds,
      ms: Date.now() - started,
    }
  } catch (err) {
    // Leave no half-built world behind: removing the people cascades to what they own.
    await db
      .deleteFrom('users')
      .where('id', '>=', firstUser)
      .where('id', '<=', userIds.at(-1) ?? 0)
      .execute()
    throw err
  }
}
