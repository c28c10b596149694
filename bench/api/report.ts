/** The API bench's report: each target's requests/s and latency, its ratio to the ceiling. */
import { loadavg } from 'node:os'
import { machineLine, serversLine, median, type LoadSettings, type Measurement } from '../measure'
import { printTable } from '../table'

export type BenchDatabase = 'SQLite' | 'PostgreSQL'

interface Goal {
  /** at least this share of the ceiling's requests/s */
  ratio: number
  /** at most this p99 latency, ms (none: not part of the goal) */
  p99?: number
}

/**
 * Goals per database. SQLite (issue 2): half the ceiling for a pin, 0.3 for a feed page,
 * p99 ≤ 20 ms. PostgreSQL (issue 16): 0.4 and 0.25 — every read crosses a socket to another
 * process on the same cores — and no latency goal.
 */
export const TARGETS: Record<BenchDatabase, Record<string, Goal>> = {
  SQLite: {
    'GET /v5/pins/{id}': { ratio: 0.5, p99: 20 },
    'GET /v5/feed': { ratio: 0.3, p99: 20 },
  },
  PostgreSQL: {
    'GET /v5/pins/{id}': { ratio: 0.4 },
    'GET /v5/feed': { ratio: 0.25 },
  },
}

/** A target's figures, with the CPU time per request of the server and of PostgreSQL, µs. */
export interface ApiMeasurement extends Measurement {
  serverCpu: number
  /** the PostgreSQL backends of the server's database (0 on SQLite: in the server's process) */
  databaseCpu: number
}

export interface ApiReportInfo {
  database: BenchDatabase
  pins: number
  users: number
  runs: number
  load: LoadSettings
  feedRequests: number
  pinIds: number
  /** null: a database seeded before (--database) */
  seedMs: number | null
  /** the load average (1 min) when the measuring began */
  loadBefore: number
  strict: boolean
  /** the PostgreSQL server's `postgres:` line (PostgreSQL only) */
  postgres?: string
}

/** Server µs per request, with PostgreSQL's after a `+` (NaN: its backends not readable here). */
const cpuText = (server: number, database: number) =>
  `${Math.round(server)}` +
  (database === 0 ? '' : ` + ${Number.isNaN(database) ? '–' : Math.round(database)}`)

const goalText = (g: Goal) => `≥${g.ratio}×` + (g.p99 === undefined ? '' : `, p99≤${g.p99}`)

/** Prints the report; the exit code: 1 when a run is invalid, or (strict) a goal missed. */
export function reportApi(results: ApiMeasurement[][], info: ApiReportInfo): number {
  const goals = TARGETS[info.database]
  const names = results[0]!.map((m) => m.name)
  const med = names.map((name, i) => {
    const all = results.map((row) => row[i]!)
    return {
      name,
      rps: median(all.map((m) => m.rps)),
      p50: median(all.map((m) => m.p50)),
      p99: median(all.map((m) => m.p99)),
      requests: all.reduce((a, m) => a + m.requests, 0),
      bad: all.reduce((a, m) => a + m.non2xx + m.errors + m.timeouts, 0),
      spread: all.map((m) => Math.round(m.rps)).join(' / '),
      // Each run's ratio to the ceiling measured in that same run, then their median: the
      // machine's speed drifts between runs, and a ratio across runs would mix two speeds.
      ratio: median(all.map((m, run) => m.rps / results[run]![0]!.rps)),
      ratios: all.map((m, run) => (m.rps / results[run]![0]!.rps).toFixed(2)).join(' / '),
      serverCpu: median(all.map((m) => m.serverCpu)),
      databaseCpu: median(all.map((m) => m.databaseCpu)),
      // the ceiling's CPU per request ÷ this target's (server + PostgreSQL), per run, median
      cpuRatio: median(
        all.map((m, run) => results[run]![0]!.serverCpu / (m.serverCpu + m.databaseCpu)),
      ),
    }
  })
  console.log('')
  console.log(`Corkboard API bench — ${new Date().toISOString()}`)
  console.log(machineLine())
  console.log(serversLine())
  if (info.postgres) console.log(info.postgres)
  console.log(
    `load:    ${info.loadBefore.toFixed(2)} (1-min load average) when measuring began, ${loadavg()[0]!.toFixed(2)} at the end`,
  )
  console.log(
    `data:    ${info.database}, ${info.users} people, ${info.pins} pins (${info.seedMs === null ? 'seeded before' : `seeded in ${(info.seedMs / 1000).toFixed(1)} s`})`,
  )
  console.log(
    `method:  autocannon, ${info.load.connections} connections, ${info.load.warmup} s warm-up + ${info.load.duration} s per target, targets in turn, ${info.runs} run(s), medians`,
  )
  console.log(
    `         (ratio: the median of each run's ratio to the ceiling measured in that run);`,
  )
  console.log(
    `         servers in child processes; pins rotate over ${info.pinIds} random public ids (half with a token), feed over ${info.feedRequests} (user, page) pairs`,
  )
  console.log('')
  const header = [
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'ratio',
    'goal',
    'non-2xx',
    'result',
    'CPU µs/req',
    'CPU ratio',
  ]
  const rows = med.map((m, i) => {
    const goal = goals[m.name]
    const ok = !goal || (m.ratio >= goal.ratio && (goal.p99 === undefined || m.p99 <= goal.p99))
    return [
      m.name,
      Math.round(m.rps).toString(),
      m.p50.toFixed(1),
      m.p99.toFixed(1),
      i === 0 ? '1.00' : m.ratio.toFixed(2),
      goal ? goalText(goal) : '',
      String(m.bad),
      m.bad ? 'INVALID' : goal ? (ok ? 'pass' : 'MISS') : '',
      cpuText(m.serverCpu, m.databaseCpu),
      i === 0 ? '1.00' : Number.isNaN(m.cpuRatio) ? '–' : m.cpuRatio.toFixed(2),
    ]
  })
  printTable(header, rows)
  console.log('')
  console.log(
    `CPU µs/req: the server's CPU time (user + system) per request${info.database === 'PostgreSQL' ? ", + its PostgreSQL backends' (from /proc)" : ''};`,
  )
  console.log(
    `CPU ratio: the ceiling's CPU per request ÷ this one's — the ratio of rates with cores to spare (the load generator left out)`,
  )
  if (info.runs > 1) {
    console.log('')
    for (const m of med) console.log(`req/s per run, ${m.name}: ${m.spread}`)
    console.log('')
    for (const m of med.slice(1)) console.log(`ratio per run, ${m.name}: ${m.ratios}`)
  }
  const invalid = med.some((m) => m.bad > 0)
  if (invalid)
    console.log('\nSome responses were not 2xx (or failed): those figures do not measure the API.')
  const missed = rows.some((r) => r[7] === 'MISS')
  return invalid || (info.strict && missed) ? 1 : 0
}
