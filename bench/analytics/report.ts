/** The analytics bench's report: the read slowdown while recording, then the queries. */
import { machineLine, serversLine, median, type LoadSettings, type Measurement } from '../measure'
import type { Recorded } from '../servers/analytics-server'
import { printTable } from '../table'

export interface QueryTiming {
  name: string
  ms: number[]
  /** answers not 200 */
  bad: number
  /** brand-wide answers with no impressions: the query read nothing */
  empty: number
}

export interface RunResult {
  alone: Measurement
  during: Measurement
  recorded: Recorded
  queries: QueryTiming[]
}

/** Goals (issue 13): reads slowed by at most 10% while recording; 90-day queries p99 ≤ 50 ms. */
const MAX_SLOWDOWN = 0.1
const QUERY_P99 = 50

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`

export function reportAnalytics(
  results: RunResult[],
  info: {
    database: string
    pins: number
    users: number
    events: number
    runs: number
    load: LoadSettings
    queries: number
    brandPins: number
    pinIds: number
    seedMs: number
    flushMs: number
    strict: boolean
  },
): number {
  const med = (f: (r: RunResult) => number) => median(results.map(f))
  // each run's slowdown against the reads alone measured in that run, then their median
  const slowdowns = results.map((r) => 1 - r.during.rps / r.alone.rps)
  const slowdown = median(slowdowns)
  const bad = (m: Measurement) => m.non2xx + m.errors + m.timeouts
  const last = results.at(-1)!.recorded

  console.log('')
  console.log(`Corkboard analytics bench — ${new Date().toISOString()}`)
  console.log(machineLine())
  console.log(serversLine())
  console.log(
    `data:    ${info.database}, ${info.users} people (3 brands, ${info.brandPins} brand pins), ${info.pins} pins (seeded in ${(info.seedMs / 1000).toFixed(1)} s)`,
  )
  console.log(
    `method:  reads: autocannon, ${info.load.connections} connections, ${info.load.warmup} s warm-up + ${info.load.duration} s, GET /v5/pins/{id} over ${info.pinIds} random public pins (half with a token), as in the api bench;`,
  )
  console.log(
    `         alone, then while ${info.events} events are recorded over the same ${info.load.duration} s (${Math.round(info.events / info.load.duration)}/s) in the server process by a bench-only hook`,
  )
  console.log(
    `         (bench/servers/analytics-server.ts) calling the real recorder's pin()/impressions() — 80% impressions a page of 20 at a time,`,
  )
  console.log(
    `         20% close-ups, clicks, saves and message metrics — on the brands' pins; flush every ${info.flushMs} ms, the recorder's clock a day further`,
  )
  console.log(
    `         at each (time compressed: the events fall on the ${results[0]!.recorded.days} days ending today, a flush holds about one day's rows);`,
  )
  console.log(
    `         ${info.runs} run(s), medians; slowdown: each run's req/s while recording against the reads alone in that run, then the median.`,
  )
  console.log(
    `         queries: ${info.queries} of each, one at a time, 90 days ending today, rotating over the brands (and 200 of their pins), after 5 warm-up each`,
  )
  console.log('')
  const rows = [
    readRow(
      'reads alone',
      results.map((r) => r.alone),
      bad,
      '',
    ),
    readRow(
      'reads while recording',
      results.map((r) => r.during),
      bad,
      pct(slowdown),
    ),
  ]
  const readsOk = slowdown <= MAX_SLOWDOWN
  rows[1]!.push(`≤${pct(MAX_SLOWDOWN)}`, readsOk ? 'pass' : 'MISS')
  rows[0]!.push('', '')
  const invalidReads = results.some((r) => bad(r.alone) + bad(r.during) > 0)
  if (invalidReads) for (const r of rows) r[r.length - 1] = 'INVALID'
  printTable(
    ['GET /v5/pins/{id}', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'slowdown', 'goal', 'result'],
    rows,
  )
  console.log('')
  console.log(
    `recording: ${info.events} events in ${med((r) => r.recorded.emitSeconds).toFixed(1)} s (${Math.round(info.events / med((r) => r.recorded.emitSeconds))}/s), last flush done after ${med((r) => r.recorded.totalSeconds).toFixed(1)} s; ` +
      `server event-loop delay p99 ${med((r) => r.recorded.loopP99).toFixed(1)} ms, max ${med((r) => r.recorded.loopMax).toFixed(1)} ms`,
  )
  console.log(
    `written:   ${last.rows.days} analytics_pin_days rows, ${last.rows.conversations} distinct (pin, day, conversation), ${last.rows.influence} brand_influence rows (after ${info.runs} run(s))`,
  )
  if (info.runs > 1) {
    console.log(`req/s per run, alone: ${results.map((r) => Math.round(r.alone.rps)).join(' / ')}`)
    console.log(
      `req/s per run, while recording: ${results.map((r) => Math.round(r.during.rps)).join(' / ')}`,
    )
    console.log(`slowdown per run: ${slowdowns.map(pct).join(' / ')}`)
  }

  console.log('')
  const queryRows = results[0]!.queries.map((q, i) => {
    const all = results.map((r) => r.queries[i]!)
    const p50 = median(all.map((t) => percentile(t.ms, 50)))
    const p99 = median(all.map((t) => percentile(t.ms, 99)))
    const wrong = all.reduce((n, t) => n + t.bad + t.empty, 0)
    return [
      q.name,
      p50.toFixed(1),
      p99.toFixed(1),
      median(all.map((t) => Math.max(...t.ms))).toFixed(1),
      String(wrong),
      `p99≤${QUERY_P99}`,
      wrong ? 'INVALID' : p99 <= QUERY_P99 ? 'pass' : 'MISS',
    ]
  })
  printTable(['90-day query', 'p50 ms', 'p99 ms', 'max ms', 'bad', 'goal', 'result'], queryRows)
  if (info.runs > 1) {
    console.log('(queries of run k read the events of runs 1…k: the data grows by a run each time)')
  }
  const invalid = invalidReads || queryRows.some((r) => r[6] === 'INVALID')
  if (invalid)
    console.log('\nSome answers were not 2xx, or read no data: those figures measure nothing.')
  const missed = !readsOk || queryRows.some((r) => r[6] === 'MISS')
  return invalid || (info.strict && missed) ? 1 : 0
}

function readRow(
  name: string,
  all: Measurement[],
  bad: (m: Measurement) => number,
  slowdown: string,
) {
  return [
    name,
    Math.round(median(all.map((m) => m.rps))).toString(),
    median(all.map((m) => m.p50)).toFixed(1),
    median(all.map((m) => m.p99)).toFixed(1),
    String(all.reduce((n, m) => n + bad(m), 0)),
    slowdown,
  ]
}
