import type { Static } from 'typebox'
import type { BrandAnalytics } from '../../../protocol/schemas/brands'
import type { Db } from '../../db/database'
import { ForbiddenError, NotFoundError } from '../../errors'
import { checkDateRange, MAX_RANGE_DAYS } from '../brands/dates'
import { requireBusiness } from '../brands/access'
import { parseId } from '../pagination'
import { daysOf } from './days'
import { createAnalyticsRepository, zeroMetrics, type AnalyticsQuery } from './repository'

export type BrandAnalyticsReport = Static<typeof BrandAnalytics>

/** The columns of a day, in the order of the JSON and the CSV (date first). */
export const REPORT_COLUMNS = [
  'impressions',
  'closeups',
  'saves',
  'source_clicks',
  'message_sends',
  'message_conversations',
  'saves_via_message',
  'clicks_via_message',
  'invites_sent',
  'invites_accepted',
] as const

export interface ReportParams {
  start_date: string
  end_date: string
  pin_id?: string
}

/** The CSV of a report: a header row, then one row per day, the same columns as the JSON. */
export function reportCsv(report: BrandAnalyticsReport): string {
  const lines = [['date', ...REPORT_COLUMNS].join(',')]
  for (const day of report.daily) {
    lines.push([day.date, ...REPORT_COLUMNS.map((c) => String(day[c]))].join(','))
  }
  return lines.join('\r\n') + '\r\n'
}

/**
 * GET /v5/brand/analytics: a brand's figures per day over a range (every day present, zeros
 * included) and over the whole range, for all its pins or one of them.
 */
export function createBrandReport(deps: { db: Db }) {
  const { db } = deps
  const repo = createAnalyticsRepository(db)

  async function ownPinId(ownerId: number, pinId: string): Promise<number> {
    const id = parseId(pinId)
    const pin =
      id === null
        ? undefined
        : await db.selectFrom('pins').select('owner_id').where('id', '=', id).executeTakeFirst()
    // a pin of someone else's says nothing more than a missing one
    if (!pin || id === null) throw new NotFoundError('Pin')
    if (Number(pin.owner_id) !== ownerId) {
      throw new ForbiddenError('Analytics are only for your own pins.', 'not_owner')
    }
    return id
  }

  async function report(viewerId: number, params: ReportParams): Promise<BrandAnalyticsReport> {
    await requireBusiness(db, viewerId)
    checkDateRange(params.start_date, params.end_date, MAX_RANGE_DAYS)
    const q: AnalyticsQuery = { ownerId: viewerId, start: params.start_date, end: params.end_date }
    if (params.pin_id !== undefined) q.pinId = await ownPinId(viewerId, params.pin_id)
    const [daily, conversations, conversationsTotal, inviters] = await Promise.all([
      repo.daily(q),
      repo.conversationsPerDay(q),
      repo.conversationsOverRange(q),
      repo.invitersOverRange(q),
    ])
    const summary = { ...zeroMetrics(), message_conversations: conversationsTotal }
    const days = daysOf(q.start, q.end).map((date) => {
      const m = daily.get(date) ?? zeroMetrics()
      for (const k of Object.keys(m) as (keyof typeof m)[]) summary[k] += m[k]
      return {
        date,
        impressions: m.impressions,
        closeups: m.closeups,
        saves: m.saves,
        source_clicks: m.source_clicks,
        message_sends: m.message_sends,
        message_conversations: conversations.get(date) ?? 0,
        saves_via_message: m.saves_via_message,
        clicks_via_message: m.clicks_via_message,
        invites_sent: m.invites_sent,
        invites_accepted: m.invites_accepted,
      }
    })
    const viral = inviters === 0 ? 0 : Math.round((summary.invites_accepted / inviters) * 100) / 100
    return {
      daily: days,
      summary: {
        impressions: summary.impressions,
        closeups: summary.closeups,
        saves: summary.saves,
        source_clicks: summary.source_clicks,
        message_sends: summary.message_sends,
        message_conversations: summary.message_conversations,
        saves_via_message: summary.saves_via_message,
        clicks_via_message: summary.clicks_via_message,
        invites_sent: summary.invites_sent,
        invites_accepted: summary.invites_accepted,
        viral_factor: viral,
      },
    }
  }

  return { report, ownPinId }
}

export type BrandReport = ReturnType<typeof createBrandReport>
