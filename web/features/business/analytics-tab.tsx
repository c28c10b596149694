import { Download } from 'lucide-react'
import { useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import type { BrandAnalytics, BrandMetric } from '../../../protocol/brands'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useResource } from '../../lib/use-resource'
import { TextField } from '../../ui/field'
import { ErrorState, FormError, Spinner } from '../../ui/states'
import { analyticsUrl, daysAgo } from './business-api'
import { LineChart, type ChartSeries } from './line-chart'
import { pinLabel, useOwnPins } from './own-pins'

const MAX_DAYS = 366
const QUICK = [7, 30, 90]
const DATE = /^\d{4}-\d{2}-\d{2}$/

const CARDS: { key: BrandMetric | 'viral_factor'; label: string; hint?: string }[] = [
  { key: 'impressions', label: 'Impressions' },
  { key: 'closeups', label: 'Close-ups' },
  { key: 'saves', label: 'Saves' },
  { key: 'source_clicks', label: 'Source clicks' },
  { key: 'message_sends', label: 'Sent in messages' },
  { key: 'message_conversations', label: 'Conversations' },
  { key: 'saves_via_message', label: 'Saves from messages' },
  { key: 'clicks_via_message', label: 'Clicks from messages' },
  { key: 'invites_sent', label: 'Invites sent' },
  { key: 'invites_accepted', label: 'Invites accepted' },
  { key: 'viral_factor', label: 'Viral factor', hint: 'new members per inviting member' },
]

const CHARTS: { title: string; series: { key: BrandMetric; label: string; color: string }[] }[] = [
  {
    title: 'Reach',
    series: [
      { key: 'impressions', label: 'Impressions', color: '#b45309' },
      { key: 'closeups', label: 'Close-ups', color: '#3b6ea5' },
    ],
  },
  {
    title: 'Saves and clicks',
    series: [
      { key: 'saves', label: 'Saves', color: '#2f6b4f' },
      { key: 'source_clicks', label: 'Source clicks', color: '#8a4fb3' },
    ],
  },
  {
    title: 'In messages',
    series: [
      { key: 'message_sends', label: 'Sent', color: '#b45309' },
      { key: 'message_conversations', label: 'Conversations', color: '#3b6ea5' },
      { key: 'saves_via_message', label: 'Saves', color: '#2f6b4f' },
      { key: 'clicks_via_message', label: 'Clicks', color: '#8a4fb3' },
    ],
  },
  {
    title: 'Invites',
    series: [
      { key: 'invites_sent', label: 'Sent', color: '#b45309' },
      { key: 'invites_accepted', label: 'Accepted', color: '#2f6b4f' },
    ],
  },
]

const whole = new Intl.NumberFormat('en')

function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 864e5) + 1
}

function rangeProblem(start: string, end: string): string | null {
  if (!DATE.test(start) || !DATE.test(end)) return 'Choose both dates.'
  if (end < start) return 'The range must end on or after its first day.'
  if (daysBetween(start, end) > MAX_DAYS) return `At most ${MAX_DAYS} days at a time.`
  return null
}

function Report({ data }: { data: BrandAnalytics }) {
  const days = useMemo(() => data.daily.map((d) => d.date), [data])
  const charts = useMemo(
    () =>
      CHARTS.map((chart) => ({
        title: chart.title,
        series: chart.series.map((s): ChartSeries => ({
          label: s.label,
          color: s.color,
          values: data.daily.map((d) => d[s.key]),
        })),
      })),
    [data],
  )
  return (
    <>
      <ul className="stat-cards" aria-label="Totals over the range">
        {CARDS.map((card) => (
          <li
            key={card.key}
            className={`stat-card${card.key === 'viral_factor' ? ' stat-key' : ''}`}
          >
            <span className="stat-label">{card.label}</span>
            <strong className="stat-value">
              {card.key === 'viral_factor'
                ? data.summary.viral_factor.toFixed(2)
                : whole.format(data.summary[card.key])}
            </strong>
            {card.hint && <small>{card.hint}</small>}
          </li>
        ))}
      </ul>
      <div className="chart-grid">
        {charts.map((chart) => (
          <LineChart key={chart.title} title={chart.title} days={days} series={chart.series} />
        ))}
      </div>
    </>
  )
}

/** The brand's figures over a date range (UTC days), for all its pins or one. */
export function AnalyticsTab() {
  useDocumentTitle('Analytics')
  const [params, setParams] = useSearchParams()
  const own = useOwnPins()
  const end = params.get('end') ?? daysAgo(0)
  const start = params.get('start') ?? daysAgo(29)
  const pinId = params.get('pin') || null
  const problem = rangeProblem(start, end)
  const range = { start, end }
  const report = useResource<BrandAnalytics>(problem ? null : analyticsUrl(range, pinId))

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value)
      else next.delete(key)
    }
    setParams(next, { replace: true })
  }
  const today = daysAgo(0)
  const quickDays = end === today ? daysBetween(start, end) : null

  return (
    <section className="biz-section" aria-labelledby="analytics-heading">
      <div className="biz-section-head">
        <h2 id="analytics-heading">Analytics</h2>
        {!problem && (
          <a className="btn btn-secondary btn-md" href={analyticsUrl(range, pinId, 'csv')} download>
            <Download size={18} aria-hidden="true" />
            Download CSV
          </a>
        )}
      </div>
      <div className="analytics-controls">
        <div className="quick-ranges" role="group" aria-label="Quick ranges">
          {QUICK.map((n) => (
            <button
              key={n}
              type="button"
              className={`biz-chip${quickDays === n ? ' biz-chip-on' : ''}`}
              aria-pressed={quickDays === n}
              onClick={() => set({ start: daysAgo(n - 1), end: today })}
            >
              {n} days
            </button>
          ))}
        </div>
        <TextField
          label="From"
          type="date"
          value={start}
          max={end}
          onChange={(e) => set({ start: e.target.value })}
        />
        <TextField
          label="To"
          type="date"
          value={end}
          min={start}
          onChange={(e) => set({ end: e.target.value })}
        />
        <div className="field">
          <div className="field-label-row">
            <label htmlFor="analytics-pin">Pin</label>
          </div>
          <select
            id="analytics-pin"
            className="input select"
            value={pinId ?? ''}
            onChange={(e) => set({ pin: e.target.value })}
          >
            <option value="">All your pins</option>
            {own.pins.map((p) => (
              <option key={p.id} value={p.id}>
                {pinLabel(p)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="muted small">
        Days are UTC days. Your own views, saves and sends are not counted.
      </p>
      <FormError message={problem} />
      {!problem && report.status === 'loading' && <Spinner label="Loading analytics" />}
      {!problem && report.status === 'error' && (
        <ErrorState message={report.error} onRetry={report.reload} />
      )}
      {!problem && report.data && <Report data={report.data} />}
    </section>
  )
}
