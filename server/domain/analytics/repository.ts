import { sql } from 'kysely'
import type { Db } from '../../db/database'
import { PIN_METRICS, type PinMetric } from './recorder'

export type MetricCounts = Record<PinMetric, number>

export interface AnalyticsQuery {
  ownerId: number
  /** YYYY-MM-DD, both included */
  start: string
  end: string
  /** one pin of the owner's; all of them when absent */
  pinId?: number
}

const sums = PIN_METRICS.map((m) => sql<number>`coalesce(sum(${sql.ref(m)}), 0)`.as(m))

export const zeroMetrics = (): MetricCounts =>
  Object.fromEntries(PIN_METRICS.map((m) => [m, 0])) as MetricCounts

const toCounts = (row: Record<string, unknown>): MetricCounts =>
  Object.fromEntries(PIN_METRICS.map((m) => [m, Number(row[m] ?? 0)])) as MetricCounts

/**
 * The queries over what the recorder wrote: per day, per pin, and the distinct conversations
 * and inviters behind the message metrics. Every one is a range scan of (owner_id, day).
 */
export function createAnalyticsRepository(db: Db) {
  function scoped<
    T extends 'analytics_pin_days' | 'analytics_pin_conversations' | 'analytics_pin_inviters',
  >(table: T, q: AnalyticsQuery) {
    // one pin (its owner checked before): the table's key, (pin_id, day, …); else the owner's
    const query = db.selectFrom(table as 'analytics_pin_days')
    return (
      q.pinId === undefined
        ? query.where('owner_id', '=', q.ownerId)
        : query.where('pin_id', '=', q.pinId)
    )
      .where('day', '>=', q.start)
      .where('day', '<=', q.end)
  }

  return {
    /** The metrics of each day with any activity. */
    async daily(q: AnalyticsQuery): Promise<Map<string, MetricCounts>> {
      if (q.pinId === undefined) {
        // all the owner's pins: the roll-up, one row a day
        const rows = await db
          .selectFrom('analytics_owner_days')
          .selectAll()
          .where('owner_id', '=', q.ownerId)
          .where('day', '>=', q.start)
          .where('day', '<=', q.end)
          .execute()
        return new Map(rows.map((r) => [r.day, toCounts(r)]))
      }
      const rows = await scoped('analytics_pin_days', q)
        .select('day')
        .select(sums)
        .groupBy('day')
        .execute()
      return new Map(rows.map((r) => [r.day, toCounts(r)]))
    },

    /** Distinct conversations the pins were sent in, per day. */
    async conversationsPerDay(q: AnalyticsQuery): Promise<Map<string, number>> {
      const rows = await scoped('analytics_pin_conversations', q)
        .select(['day', sql<number>`count(distinct conversation_id)`.as('n')])
        .groupBy('day')
        .execute()
      return new Map(rows.map((r) => [r.day, Number(r.n)]))
    },

    /** Distinct conversations over the whole range. */
    async conversationsOverRange(q: AnalyticsQuery): Promise<number> {
      const row = await scoped('analytics_pin_conversations', q)
        .select(sql<number>`count(distinct conversation_id)`.as('n'))
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },

    /** Distinct members who invited with the pins over the range (the viral factor's base). */
    async invitersOverRange(q: AnalyticsQuery): Promise<number> {
      const row = await scoped('analytics_pin_inviters', q)
        .select(sql<number>`count(distinct user_id)`.as('n'))
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    },

    /**
     * The owner's pins with activity in the range and their totals, for a top list: still
     * existing pins only; `createdSince` keeps pins made at or after that time.
     */
    async perPin(q: AnalyticsQuery, createdSince: string | null) {
      let query = db
        .selectFrom('analytics_pin_days as a')
        .innerJoin('pins as p', 'p.id', 'a.pin_id')
        .where('a.owner_id', '=', q.ownerId)
        .where('p.owner_id', '=', q.ownerId)
        .where('a.day', '>=', q.start)
        .where('a.day', '<=', q.end)
        .select('a.pin_id')
        .select(PIN_METRICS.map((m) => sql<number>`coalesce(sum(${sql.ref(`a.${m}`)}), 0)`.as(m)))
        .groupBy('a.pin_id')
      if (createdSince !== null) query = query.where('p.created_at', '>=', createdSince)
      const rows = await query.execute()
      return rows.map((r) => ({ pinId: Number(r.pin_id), counts: toCounts(r) }))
    },
  }
}

export type AnalyticsRepository = ReturnType<typeof createAnalyticsRepository>
