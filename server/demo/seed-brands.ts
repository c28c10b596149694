import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/database'
import { syncIdSequences } from '../db/dialect'
import type { Database } from '../db/schema'
import { writeNetworksAfter } from '../domain/feed/timeline'
import { mayMessageMany } from '../domain/messaging/policy'
import { createSearchIndexer } from '../domain/search/indexer'
import { BrandLedger, DAY_MS, dayOf, writeHistory } from './brand-history'
import { MessageBook } from './brand-messages'
import { planPromotions, snapshotOf, type BrandPin, type WorldView } from './brand-plan'
import { planRun, type Decision } from './brand-runs'
import type { PersonIdea } from './people'
import { createRng } from './prng'
import { insertAll } from './seed-world'
import { PIN_METRICS } from '../domain/analytics/writer'

export interface BrandSeedOptions {
  people: PersonIdea[]
  /** the user id of each person, same order */
  userIds: number[]
  seed: string
  now: number
  /** days of analytics history before today */
  historyDays?: number
}

export interface BrandSeedSummary {
  promotions: number
  participants: number
  thanked: number
  messages: number
  analyticsRows: number
  influencers: number
  ms: number
}

type Trx = Transaction<Database>

/**
 * The demo brands' side of the world, so /business is alive at first start: each brand's
 * promotion of one of its pins, the saves and sends of demo people that make its participants,
 * a finished thank-you run (individual 1:1 messages to those the messaging rules allow, the
 * rest skipped with the reason), what people did for the brand (influence), and two months of
 * analytics per pin and day. One transaction; deterministic for a seed and a day.
 */
export async function seedBrands(db: Db, opts: BrandSeedOptions): Promise<BrandSeedSummary> {
  const started = Date.now()
  const rng = createRng(`${opts.seed}:brands`)
  const today = Math.floor(opts.now / DAY_MS) * DAY_MS
  return db.transaction().execute(async (trx) => {
    const after = {
      pin: await maxId(trx, 'pins'),
      promotion: await maxId(trx, 'promotions'),
      run: await maxId(trx, 'promotion_runs'),
      conversation: await maxId(trx, 'conversations'),
      message: await maxId(trx, 'messages'),
    }
    const world = await readWorld(trx, opts, today)
    const book = new MessageBook()
    const ledgers = new Map<number, BrandLedger>()
    opts.people.forEach((p, i) => {
      if (p.business_name) ledgers.set(opts.userIds[i]!, new BrandLedger(opts.userIds[i]!))
    })
    const { promotions, repins } = planPromotions(
      rng.fork('promotions'),
      world,
      after,
      book,
      ledgers,
    )

    // the thank-you runs: who the rules let each brand message, asked as the run would
    const names = await trx
      .selectFrom('users')
      .select(['id', 'username', 'business_name'])
      .where('id', 'in', opts.userIds)
      .execute()
    const nameOf = new Map(names.map((u) => [Number(u.id), u]))
    const runs = []
    for (const p of promotions) {
      const ids = snapshotOf(p, p.runAt).map((a) => a.userId)
      const decisions = await mayMessageMany(trx, p.brandId, ids)
      const decide = (id: number): Decision => {
        const d = decisions.get(id)
        if (!d || d.ok) return 'ok'
        return d.reason === 'not_followed' ? 'not_mutual' : d.reason
      }
      runs.push(planRun(p, after.run + runs.length + 1, decide, (id) => nameOf.get(id)!, book))
    }
    const messages = book.finish(after, opts.now)
    for (const p of promotions) {
      const ledger = ledgers.get(p.brandId)!
      for (const m of p.sends)
        ledger.conversation(p.pin.id, dayOf(m.at), messages.conversationOf(m))
    }

    // two months of analytics, credited mostly to the brand's followers
    let brandIndex = 0
    for (const [brandId, ledger] of ledgers) {
      const promotion = promotions.find((p) => p.brandId === brandId)
      const audience = opts.userIds
        .filter((id, i) => !opts.people[i]!.business_name)
        .map((id) => ({ userId: id, weight: world.follows.has(`${id}>${brandId}`) ? 3 : 1 }))
      writeHistory({
        rng: rng.fork(`history:${brandId}`),
        ledger,
        pins: world.brandPins.get(brandId) ?? [],
        promotion: promotion
          ? {
              pinId: promotion.pin.id,
              start: promotion.row.start_date,
              end: promotion.row.end_date,
            }
          : null,
        until: today,
        days: opts.historyDays ?? 60,
        audience,
        brandIndex: brandIndex++,
      })
    }

    await insertAll(
      trx,
      'promotions',
      promotions.map((p) => p.row),
    )
    await insertAll(trx, 'pins', repins)
    const saved = new Map<number, number>()
    for (const r of repins) saved.set(r.parent_pin_id!, (saved.get(r.parent_pin_id!) ?? 0) + 1)
    for (const [pinId, n] of saved) {
      await trx
        .updateTable('pins')
        .set({ save_count: sql`save_count + ${n}` })
        .where('id', '=', pinId)
        .execute()
    }
    await insertAll(trx, 'conversations', messages.conversations)
    await insertAll(trx, 'conversation_members', messages.members)
    await insertAll(trx, 'messages', messages.messages)
    await insertAll(trx, 'message_actions', messages.actions)
    const runRows = runs.map((r) => r.rows())
    await insertAll(
      trx,
      'promotion_runs',
      runRows.map((r) => r.run),
    )
    await insertAll(
      trx,
      'promotion_run_items',
      runRows.flatMap((r) => r.items),
    )
    await insertAll(
      trx,
      'promotion_thanks',
      runRows.flatMap((r) => r.thanks),
    )
    const analytics = [...ledgers.values()].map((l) => l.rows())
    await insertAll(
      trx,
      'analytics_pin_days',
      analytics.flatMap((a) => a.days),
    )
    // the per-owner roll-up the brand reports read (the flush keeps it the same way)
    const owners = [...new Set(analytics.flatMap((a) => a.days.map((d) => d.owner_id)))]
    if (owners.length) {
      await trx
        .insertInto('analytics_owner_days')
        .columns(['owner_id', 'day', ...PIN_METRICS])
        .expression(
          trx
            .selectFrom('analytics_pin_days')
            .select(['owner_id', 'day'])
            .select(PIN_METRICS.map((m) => sql<number>`sum(${sql.ref(m)})`.as(m)))
            .where('owner_id', 'in', owners)
            .groupBy(['owner_id', 'day']),
        )
        .execute()
    }
    await insertAll(
      trx,
      'analytics_pin_conversations',
      analytics.flatMap((a) => a.conversations),
    )
    await insertAll(
      trx,
      'analytics_pin_inviters',
      analytics.flatMap((a) => a.inviters),
    )
    await insertAll(
      trx,
      'brand_influence',
      analytics.flatMap((a) => a.influence),
    )

    // the new saves are pins like any: in their readers' feeds and in search
    if (repins.length) {
      await writeNetworksAfter(trx, after.pin)
      await createSearchIndexer(trx).indexPins(
        trx,
        repins.map((r) => r.id),
      )
    }
    await syncIdSequences(trx, [
      'pins',
      'promotions',
      'promotion_runs',
      'conversations',
      'messages',
    ])
    return {
      promotions: promotions.length,
      participants: promotions.reduce((n, p) => n + snapshotOf(p, Infinity).length, 0),
      thanked: runs.reduce((n, r) => n + r.sent, 0),
      messages: messages.messages.length,
      analyticsRows: analytics.reduce((n, a) => n + a.days.length, 0),
      influencers: analytics.reduce((n, a) => n + a.influence.length, 0),
      ms: Date.now() - started,
    }
  })
}

async function maxId(
  trx: Trx,
  table: 'pins' | 'promotions' | 'promotion_runs' | 'conversations' | 'messages',
) {
  const row = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('id').as('max'))
    .executeTakeFirst()
  return Number(row?.max ?? 0)
}

/** What the plan needs of the world just seeded: follows, public boards, the brands' pins. */
async function readWorld(trx: Trx, opts: BrandSeedOptions, today: number): Promise<WorldView> {
  const ids = opts.userIds
  const brandIds = ids.filter((_, i) => opts.people[i]!.business_name)
  const follows = await trx
    .selectFrom('follows')
    .select(['follower_id', 'followee_id'])
    .where('follower_id', 'in', ids)
    .execute()
  const boards = await trx
    .selectFrom('boards')
    .select(['id', 'owner_id'])
    .where('owner_id', 'in', ids)
    .where('privacy', '=', 'PUBLIC')
    .orderBy('id')
    .execute()
  const publicBoards = new Map<number, number[]>()
  for (const b of boards) {
    const list = publicBoards.get(Number(b.owner_id)) ?? []
    list.push(Number(b.id))
    publicBoards.set(Number(b.owner_id), list)
  }
  const pins = brandIds.length
    ? await trx
        .selectFrom('pins')
        .selectAll()
        .where('owner_id', 'in', brandIds)
        .where('parent_pin_id', 'is', null)
        .where('secret', '=', 0)
        .orderBy('id')
        .execute()
    : []
  const brandPins = new Map<number, BrandPin[]>()
  for (const p of pins) {
    const pin = {
      ...p,
      id: Number(p.id),
      owner_id: Number(p.owner_id),
      board_id: Number(p.board_id),
    }
    const list = brandPins.get(pin.owner_id) ?? []
    list.push(pin)
    brandPins.set(pin.owner_id, list)
  }
  const children = pins.length
    ? await trx
        .selectFrom('pins')
        .select(['parent_pin_id', 'owner_id', 'created_at'])
        .where(
          'parent_pin_id',
          'in',
          pins.map((p) => p.id),
        )
        .orderBy('id')
        .execute()
    : []
  return {
    people: opts.people,
    userIds: ids,
    follows: new Set(follows.map((f) => `${f.follower_id}>${f.followee_id}`)),
    publicBoards,
    brandPins,
    repinsOf: (pinId) =>
      children
        .filter((c) => Number(c.parent_pin_id) === pinId)
        .map((c) => ({ owner_id: Number(c.owner_id), created_at: c.created_at })),
    today,
  }
}
