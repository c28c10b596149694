import { useEffect, useId, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface ChartSeries {
  label: string
  color: string
  values: number[]
  /** the range's figure in the legend (default: the sum of the values; distinct counts differ) */
  total?: number
}

const GRID = '#efedea'
const AXIS = '#6b635c'
/** whole numbers only on the y axis: these are counts */
const INTEGER_STEPS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6,
]

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 })
const whole = new Intl.NumberFormat('en')
const dayFmt = uPlot.fmtDate('{D} {MMM} {YYYY}')

/** Unix seconds of a YYYY-MM-DD day at 00:00 UTC (uPlot's x values). */
export const dayToSeconds = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000

const utc = (seconds: number) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC')
const tickFmt = uPlot.fmtDate('{D} {MMM}')

function optionsFor(
  series: ChartSeries[],
  days: number,
  width: number,
  height: number,
): uPlot.Options {
  const totals = series.map((s) => whole.format(s.total ?? s.values.reduce((a, b) => a + b, 0)))
  return {
    width,
    height,
    // the report's days are UTC days: show them so, whatever the viewer's time zone
    tzDate: utc,
    cursor: { y: false, points: { size: 7 } },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
    axes: [
      {
        stroke: AXIS,
        grid: { stroke: GRID, width: 1 },
        ticks: { stroke: GRID, width: 1 },
        space: 56,
        values: (_u, ticks) => ticks.map((t) => tickFmt(utc(t))),
      },
      {
        stroke: AXIS,
        grid: { stroke: GRID, width: 1 },
        ticks: { show: false },
        incrs: INTEGER_STEPS,
        size: 44,
        values: (_u, ticks) => ticks.map((v) => compact.format(v)),
      },
    ],
    series: [
      // the legend shows the day under the cursor, and the range's totals when there is none
      { label: 'Day', value: (_u, v) => (v == null ? `${days} days` : dayFmt(utc(v))) },
      ...series.map((s, i) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        fill: i === 0 ? `${s.color}1f` : undefined,
        points: { show: days <= 14 },
        value: (_u: uPlot, v: number | null) => (v == null ? totals[i]! : whole.format(v)),
      })),
    ],
  }
}

/**
 * A small uPlot line chart of daily counts: axes, a legend that follows the cursor, the
 * container's width (it redraws on resize, down to a phone's), and an empty state when every
 * value is zero.
 */
export function LineChart({
  title,
  days,
  series,
  height = 220,
}: {
  title: string
  /** the x values, YYYY-MM-DD */
  days: string[]
  series: ChartSeries[]
  height?: number
}) {
  const titleId = useId()
  const boxRef = useRef<HTMLDivElement>(null)
  const empty = series.every((s) => s.values.every((v) => v === 0))

  useEffect(() => {
    const box = boxRef.current
    if (!box || empty) return
    const data: uPlot.AlignedData = [days.map(dayToSeconds), ...series.map((s) => s.values)]
    const chart = new uPlot(
      optionsFor(series, days.length, Math.max(box.clientWidth, 200), height),
      data,
      box,
    )
    const observer = new ResizeObserver(() => {
      const width = Math.max(box.clientWidth, 200)
      if (width !== chart.width) chart.setSize({ width, height })
    })
    observer.observe(box)
    return () => {
      observer.disconnect()
      chart.destroy()
    }
  }, [days, series, height, empty])

  const totals = series.map(
    (s) => `${s.label} ${whole.format(s.total ?? s.values.reduce((a, b) => a + b, 0))}`,
  )
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      {empty ? (
        <div className="chart-empty" style={{ minHeight: height }}>
          No activity in this range
        </div>
      ) : (
        <>
          <div ref={boxRef} className="chart-box" />
          <p className="visually-hidden">Totals over the range: {totals.join(', ')}.</p>
        </>
      )}
    </figure>
  )
}
