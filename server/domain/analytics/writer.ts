import { sql } from 'kysely'
import { inTransaction, type Db } from '../../db/database'

/** What is counted per pin and UTC day (the columns of analytics_pin_days). */
export const PIN_METRICS = [
  'impressions',
  'closeups',
  'saves',
  'source_clicks',
  'message_sends',
  'saves_via_message',
  'clicks_via_message',
  'invites_sent',
  'invites_accepted',
] as const
export type PinMetric = (typeof PIN_METRICS)[number]

/** What a person did for a brand through messages (the columns of brand_influence). */
export const INFLUENCE = {
  message_sends: 'sends',
  saves_via_message: 'saves_via_message',
  clicks_via_message: 'clicks_via_message',
  invites_accepted: 'invites_accepted',
} as const
export type InfluenceColumn = (typeof INFLUENCE)[keyof typeof INFLUENCE]
export const INFLUENCE_COLUMNS = Object.values(INFLUENCE)

export interface DayRow {
  pinId: number
  ownerId: number
  day: string
  counts: Record<PinMetric, number>
}
export interface DistinctRow {
  pinId: number
  ownerId: number
  day: string
  other: number
}
export interface InfluenceRow {
  brandId: number
  userId: number
  counts: Record<InfluenceColumn, number>
}

export interface Pending {
  days: Map<string, DayRow>
  conversations: Map<string, DistinctRow>
  inviters: Map<string, DistinctRow>
  influence: Map<string, InfluenceRow>
  events: number
}

export const emptyBatch = (): Pending => ({
  days: new Map(),
  conversations: new Map(),
  inviters: new Map(),
  influence: new Map(),
  events: 0,
})

export const zeroCounts = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

/**
 * Cuts a batch into parts of at most `size` rows of each kind, each written in a transaction
 * of its own: on SQLite (one connection, a synchronous driver) the reads the server answers
 * meanwhile wait for one part, not for the whole second's batch. A pin-day row and its
 * owner's roll-up share their part, so the two always agree.
 */
export function splitBatch(batch: Pending, size = CHUNK): Pending[] {
  const parts: Pending[] = []
  const part = (i: number) => (parts[i] ??= emptyBatch())
  const spread = <V>(map: Map<string, V>, pick: (p: Pending) => Map<string, V>) => {
    let i = 0
    for (const [key, value] of map) pick(part(Math.floor(i++ / size))).set(key, value)
  }
  spread(batch.days, (p) => p.days)
  spread(batch.conversations, (p) => p.conversations)
  spread(batch.inviters, (p) => p.inviters)
  spread(batch.influence, (p) => p.influence)
  if (parts.length) parts[0]!.events = batch.events
  return parts
}

/** `x = x + excluded.x` for every metric of a per-day table */
const addUp = (table: 'analytics_pin_days' | 'analytics_owner_days') =>
  Object.fromEntries(
    PIN_METRICS.map((m) => [
      m,
      sql<number>`${sql.ref(`${table}.${m}`)} + ${sql.ref(`excluded.${m}`)}`,
    ]),
  )

/** rows per INSERT (well under SQLite's and PostgreSQL's bound-parameter limits) */
export const CHUNK = 400

/**
 * Writes one batch (or part) of the recorder's counts in ONE transaction of batched upserts: per pin
 * and day `x = x + excluded.x`, insert-or-ignore for the distinct conversations and
 * inviters, per brand and person for the influence.
 */
export async function writeBatch(db: Db, batch: Pending): Promise<void> {
  await inTransaction(db, async ({ trx }) => {
    // Only business accounts' pins are counted (analytics are theirs); rows of accounts
    // deleted or switched back since are dropped here, in the flush, off the request path.
    const userIds = new Set<number>()
    for (const r of batch.days.values()) userIds.add(r.ownerId)
    for (const r of batch.influence.values()) userIds.add(r.brandId).add(r.userId)
    const alive = new Set<number>()
    const business = new Set<number>()
    const ids = [...userIds]
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await trx
        .selectFrom('users')
        .select(['id', 'account_type'])
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute()
      for (const r of rows) {
        alive.add(Number(r.id))
        if (r.account_type === 'BUSINESS') business.add(Number(r.id))
      }
    }

    // in key order, so instances flushing at once take row locks in one order (no deadlock)
    const days = [...batch.days.values()]
      .filter((r) => business.has(r.ownerId))
      .sort((a, b) => a.pinId - b.pinId || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
    for (let i = 0; i < days.length; i += CHUNK) {
      await trx
        .insertInto('analytics_pin_days')
        .values(
          days
            .slice(i, i + CHUNK)
            .map((r) => ({ pin_id: r.pinId, owner_id: r.ownerId, day: r.day, ...r.counts })),
        )
        .onConflict((oc) => oc.columns(['pin_id', 'day']).doUpdateSet(addUp('analytics_pin_days')))
        .execute()
    }
    // the per-owner roll-up: a brand's report reads a row a day, whatever its pin count
    const owners = new Map<string, { owner_id: number; day: string } & Record<PinMetric, number>>()
    for (const r of days) {
      const key = `${r.ownerId}:${r.day}`
      const sum = owners.get(key) ?? { owner_id: r.ownerId, day: r.day, ...zeroCounts(PIN_METRICS) }
      for (const m of PIN_METRICS) sum[m] += r.counts[m]
      owners.set(key, sum)
    }
    const ownerDays = [...owners.values()].sort(
      (a, b) => a.owner_id - b.owner_id || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0),
    )
    for (let i = 0; i < ownerDays.length; i += CHUNK) {
      await trx
        .insertInto('analytics_owner_days')
        .values(ownerDays.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.columns(['owner_id', 'day']).doUpdateSet(addUp('analytics_owner_days')),
        )
        .execute()
    }
    for (const [table, column, map] of [
      ['analytics_pin_conversations', 'conversation_id', batch.conversations],
      ['analytics_pin_inviters', 'user_id', batch.inviters],
    ] as const) {
      const rows = [...map.values()].filter((r) => business.has(r.ownerId))
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .insertInto(table)
          .values(
            rows.slice(i, i + CHUNK).map(
              (r) =>
                ({
                  pin_id: r.pinId,
                  owner_id: r.ownerId,
                  day: r.day,
                  [column]: r.other,
                }) as never,
            ),
          )
          .onConflict((oc) => oc.doNothing())
          .execute()
      }
    }
    const influence = [...batch.influence.values()]
      .filter((r) => business.has(r.brandId) && alive.has(r.userId))
      .sort((a, b) => a.brandId - b.brandId || a.userId - b.userId)
    for (let i = 0; i < influence.length; i += CHUNK) {
      await trx
        .insertInto('brand_influence')
        .values(
          influence
            .slice(i, i + CHUNK)
            .map((r) => ({ brand_id: r.brandId, user_id: r.userId, ...r.counts })),
        )
        .onConflict((oc) =>
          oc
            .columns(['brand_id', 'user_id'])
            .doUpdateSet(
              Object.fromEntries(
                INFLUENCE_COLUMNS.map((c) => [
                  c,
                  sql<number>`${sql.ref(`brand_influence.${c}`)} + ${sql.ref(`excluded.${c}`)}`,
                ]),
              ),
            ),
        )
        .execute()
    }
  })
}
