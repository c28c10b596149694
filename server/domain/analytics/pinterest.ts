import type { Db } from '../../db/database'
import { BadRequestError, ForbiddenError } from '../../errors'
import { requireBusiness } from '../brands/access'
import { checkDateRange } from '../brands/dates'
import { addDays, daysOf, utcDate } from './days'
import { createAnalyticsRepository, zeroMetrics, type MetricCounts } from './repository'

/**
 * Pinterest API v5's own analytics operations over what Corkboard counts (see
 * reference/pinterest-api-v5.openapi.json): IMPRESSION = impressions, SAVE = saves, PIN_CLICK
 * = close-ups, OUTBOUND_CLICK = source clicks; ENGAGEMENT = saves + pin clicks + outbound
 * clicks; a *_RATE is its metric per impression (0 without impressions). Metrics the spec
 * allows that Corkboard does not measure (video views, comments, reactions, follows, profile
 * visits) are answered as 0, so scripts that read them keep working. Filters that select
 * content Corkboard does not have (paid, other formats, other people's pins, claimed domains)
 * answer zeros; app types are not recorded, so every split and app filter answers the whole
 * under `all`.
 */
export const ACCOUNT_METRICS = [
  'ENGAGEMENT',
  'ENGAGEMENT_RATE',
  'IMPRESSION',
  'OUTBOUND_CLICK',
  'OUTBOUND_CLICK_RATE',
  'PIN_CLICK',
  'PIN_CLICK_RATE',
  'SAVE',
  'SAVE_RATE',
] as const
export const PIN_METRIC_TYPES = [
  'IMPRESSION',
  'OUTBOUND_CLICK',
  'PIN_CLICK',
  'SAVE',
  'SAVE_RATE',
  'TOTAL_COMMENTS',
  'TOTAL_REACTIONS',
  'USER_FOLLOW',
  'PROFILE_VISIT',
  'VIDEO_MRC_VIEW',
  'VIDEO_10S_VIEW',
  'QUARTILE_95_PERCENT_VIEW',
  'VIDEO_V50_WATCH_TIME',
  'VIDEO_START',
  'VIDEO_AVG_WATCH_TIME',
] as const
export const SORT_BY = ['ENGAGEMENT', 'IMPRESSION', 'OUTBOUND_CLICK', 'PIN_CLICK', 'SAVE'] as const

/** How far back a report may start, and how long it may be (the spec's limits). */
export const PINTEREST_MAX_DAYS_BACK = 90
export const PINTEREST_MAX_SPAN_DAYS = 90

export interface PinterestFilters {
  from_claimed_content?: string
  pin_format?: string
  content_type?: string
  source?: string
  app_types?: string
  split_field?: string
  ad_account_id?: string
}

export interface PinterestRange extends PinterestFilters {
  start_date: string
  end_date: string
  metric_types?: string
}

type Metrics = Record<string, number>

const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1e6) / 1e6)

/** A metric's value from the counts (0 for what Corkboard does not measure). */
function metricOf(name: string, c: MetricCounts): number {
  switch (name) {
    case 'IMPRESSION':
      return c.impressions
    case 'SAVE':
      return c.saves
    case 'PIN_CLICK':
      return c.closeups
    case 'OUTBOUND_CLICK':
      return c.source_clicks
    case 'ENGAGEMENT':
      return c.saves + c.closeups + c.source_clicks
    case 'ENGAGEMENT_RATE':
      return rate(c.saves + c.closeups + c.source_clicks, c.impressions)
    case 'SAVE_RATE':
      return rate(c.saves, c.impressions)
    case 'PIN_CLICK_RATE':
      return rate(c.closeups, c.impressions)
    case 'OUTBOUND_CLICK_RATE':
      return rate(c.source_clicks, c.impressions)
    default:
      return 0
  }
}

const metricsOf = (names: readonly string[], c: MetricCounts): Metrics =>
  Object.fromEntries(names.map((n) => [n, metricOf(n, c)]))

/** `metric_types` (comma-separated, as the spec's form style sends an array). */
function parseMetricTypes(
  raw: string | undefined,
  allowed: readonly string[],
  fallback: readonly string[] | null,
): string[] {
  if (raw === undefined || raw.trim() === '') {
    if (fallback) return [...fallback]
    throw new BadRequestError('metric_types is required.')
  }
  const names = [...new Set(raw.split(',').map((s) => s.trim()))]
  for (const n of names) {
    if (!allowed.includes(n)) {
      throw new BadRequestError(`metric_types: ${n} is not one of ${allowed.join(', ')}.`)
    }
  }
  return names
}

/** The spec's date rules: real dates, start ≤ end, at most 90 days long and 90 days back. */
function checkRange(start: string, end: string, now: number) {
  checkDateRange(start, end, PINTEREST_MAX_SPAN_DAYS + 1)
  if (start < addDays(utcDate(now), -PINTEREST_MAX_DAYS_BACK)) {
    throw new BadRequestError(
      `start_date cannot be more than ${PINTEREST_MAX_DAYS_BACK} days back from today.`,
    )
  }
}

/** True when a filter selects content Corkboard does not have (the answer is zeros). */
function filteredOut(f: PinterestFilters): boolean {
  if (f.ad_account_id !== undefined) {
    throw new ForbiddenError('Corkboard has no ad accounts: leave out ad_account_id.', 'not_owner')
  }
  return (
    f.from_claimed_content === 'CLAIMED' ||
    (f.pin_format !== undefined && !['ALL', 'ORGANIC_IMAGE'].includes(f.pin_format)) ||
    f.content_type === 'PAID' ||
    f.source === 'OTHER_PINS'
  )
}

export function createPinterestAnalytics(deps: {
  db: Db
  ownPinId(ownerId: number, pinId: string): Promise<number>
  now?: () => number
}) {
  const { db } = deps
  const now = deps.now ?? Date.now
  const repo = createAnalyticsRepository(db)

  /** `{ all: { daily_metrics, summary_metrics } }` for the owner's pins or one of them. */
  async function series(
    ownerId: number,
    params: PinterestRange,
    names: string[],
    pinId: number | undefined,
  ) {
    const today = utcDate(now())
    const empty = filteredOut(params)
    const daily = empty
      ? new Map<string, MetricCounts>()
      : await repo.daily({ ownerId, start: params.start_date, end: params.end_date, pinId })
    const total = zeroMetrics()
    const daily_metrics = daysOf(params.start_date, params.end_date).map((date) => {
      const c = daily.get(date) ?? zeroMetrics()
      for (const k of Object.keys(c) as (keyof MetricCounts)[]) total[k] += c[k]
      return {
        data_status: date <= today ? ('READY' as const) : ('PROCESSING' as const),
        date,
        metrics: metricsOf(names, c),
      }
    })
    return { all: { daily_metrics, summary_metrics: metricsOf(names, total) } }
  }

  return {
    /** GET /v5/user_account/analytics */
    async account(viewerId: number, params: PinterestRange) {
      await requireBusiness(db, viewerId)
      checkRange(params.start_date, params.end_date, now())
      const names = parseMetricTypes(params.metric_types, ACCOUNT_METRICS, ACCOUNT_METRICS)
      return series(viewerId, params, names, undefined)
    },

    /** GET /v5/pins/{pin_id}/analytics (metric_types required, as in the spec) */
    async pin(viewerId: number, pinId: string, params: PinterestRange) {
      await requireBusiness(db, viewerId)
      const id = await deps.ownPinId(viewerId, pinId)
      checkRange(params.start_date, params.end_date, now())
      const names = parseMetricTypes(params.metric_types, PIN_METRIC_TYPES, null)
      return series(viewerId, params, names, id)
    },

    /** GET /v5/user_account/analytics/top_pins */
    async topPins(
      viewerId: number,
      params: PinterestRange & {
        sort_by: (typeof SORT_BY)[number]
        num_of_pins?: number
        created_in_last_n_days?: number
      },
    ) {
      await requireBusiness(db, viewerId)
      checkRange(params.start_date, params.end_date, now())
      const names = parseMetricTypes(params.metric_types, ACCOUNT_METRICS, ACCOUNT_METRICS)
      const since =
        params.created_in_last_n_days === undefined
          ? null
          : new Date(now() - params.created_in_last_n_days * 86_400_000).toISOString()
      const rows = filteredOut(params)
        ? []
        : await repo.perPin(
            { ownerId: viewerId, start: params.start_date, end: params.end_date },
            since,
          )
      const key = (c: MetricCounts) => metricOf(params.sort_by, c)
      rows.sort((a, b) => key(b.counts) - key(a.counts) || a.pinId - b.pinId)
      return {
        date_availability: { is_realtime: true, latest_available_timestamp: now() },
        pins: rows.slice(0, params.num_of_pins ?? 10).map((r) => ({
          data_status: Object.fromEntries(names.map((n) => [n, 'READY' as const])),
          metrics: metricsOf(names, r.counts),
          pin_id: String(r.pinId),
        })),
        sort_by: params.sort_by,
      }
    },
  }
}

export type PinterestAnalytics = ReturnType<typeof createPinterestAnalytics>
