import { batchUpsert, relaxCommit } from '../../db/batch-upsert'
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

/** rows per part and per user look-up (well under SQLite's and PostgreSQL's bound-parameter limits) */
export const CHUNK = 400

const id = (name: string) => [name, 'bigint'] as const
const count = (name: string) => [name, 'integer'] as const
const DAY = ['day', 'text'] as const

/** The flush's upserts, built once per database. */
function upsertsOf(db: Db) {
  let upserts = built.get(db)
  if (!upserts) built.set(db, (upserts = createUpserts(db)))
  return upserts
}
const built = new WeakMap<Db, ReturnType<typeof createUpserts>>()

function createUpserts(db: Db) {
  const perDay = (table: 'analytics_pin_days' | 'analytics_owner_days', key: string) =>
    batchUpsert(db, {
      table,
      columns: [
        id(key),
        ...(key === 'pin_id' ? [id('owner_id')] : []),
        DAY,
        ...PIN_METRICS.map(count),
      ],
      conflict: [key, 'day'],
      add: PIN_METRICS,
    })
  const distinct = (
    table: 'analytics_pin_conversations' | 'analytics_pin_inviters',
    column: string,
  ) =>
    batchUpsert(db, {
      table,
      columns: [id('pin_id'), id('owner_id'), DAY, id(column)],
      conflict: ['pin_id', 'day', column],
      add: [],
    })
  return {
    pinDays: perDay('analytics_pin_days', 'pin_id'),
    ownerDays: perDay('analytics_owner_days', 'owner_id'),
    conversations: distinct('analytics_pin_conversations', 'conversation_id'),
    inviters: distinct('analytics_pin_inviters', 'user_id'),
    influence: batchUpsert(db, {
      table: 'brand_influence',
      columns: [id('brand_id'), id('user_id'), ...INFLUENCE_COLUMNS.map(count)],
      conflict: ['brand_id', 'user_id'],
      add: INFLUENCE_COLUMNS,
    }),
  }
}
/**
 * Writes one batch (or part) of the recorder's counts in ONE transaction of batched upserts: per pin
 * and day `x = x + excluded.x`, insert-or-ignore for the distinct conversations and
 * inviters, per brand and person for the influence.
 */
export async function writeBatch(db: Db, batch: Pending): Promise<void> {
  await inTransaction(db, async ({ trx }) => {
    // counters: a crash may lose the last moment's commits (never count one twice)
    await relaxCommit(trx)
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

    const upsert = upsertsOf(db)
    const byDay = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
    // in key order, so instances flushing at once take row locks in one order (no deadlock)
    const days = [...batch.days.values()]
      .filter((r) => business.has(r.ownerId))
      .sort((a, b) => a.pinId - b.pinId || byDay(a.day, b.day))
    await upsert.pinDays(
      trx,
      days.map((r) => [r.pinId, r.ownerId, r.day, ...PIN_METRICS.map((m) => r.counts[m])]),
    )
    // the per-owner roll-up: a brand's report reads a row a day, whatever its pin count
    const owners = new Map<string, DayRow>()
    for (const r of days) {
      const key = `${r.ownerId}:${r.day}`
      let sum = owners.get(key)
      if (!sum) owners.set(key, (sum = { ...r, counts: zeroCounts(PIN_METRICS) }))
      for (const m of PIN_METRICS) sum.counts[m] += r.counts[m]
    }
    await upsert.ownerDays(
      trx,
      [...owners.values()]
        .sort((a, b) => a.ownerId - b.ownerId || byDay(a.day, b.day))
        .map((r) => [r.ownerId, r.day, ...PIN_METRICS.map((m) => r.counts[m])]),
    )
    for (const [write, map] of [
      [upsert.conversations, batch.conversations],
      [upsert.inviters, batch.inviters],
    ] as const) {
      await write(
        trx,
        [...map.values()]
          .filter((r) => business.has(r.ownerId))
          .map((r) => [r.pinId, r.ownerId, r.day, r.other]),
      )
    }
    await upsert.influence(
      trx,
      [...batch.influence.values()]
        .filter((r) => business.has(r.brandId) && alive.has(r.userId))
        .sort((a, b) => a.brandId - b.brandId || a.userId - b.userId)
        .map((r) => [r.brandId, r.userId, ...INFLUENCE_COLUMNS.map((c) => r.counts[c])]),
    )
  })
}
