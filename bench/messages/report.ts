import { cpus, loadavg } from 'node:os'
import { machineLine, median, serversLine } from '../measure'
import { printTable } from '../table'
import { REFERENCE_RATES, SUSTAINED_P99_MS } from './load'
import type { SideRun, StepResult } from './step-result'
import { stepLine } from './step-line'
import { GROUP_SIZE, type Side } from './sides'

/** issue 3 (SQLite) and issue 16 (PostgreSQL + Redis) */
const GOALS = {
  ratio: 0.5,
  sqliteP99At2000: 25,
  idleKb: 20,
  pgP99At1000: 50,
  pgCpuVsSqlite: 1.5,
  crossInstanceP99: 5,
}

export interface Settings {
  clients: number
  steps: number[]
  stepSeconds: number
  /** seconds of a step at a reference rate (its p99 is what the goals compare) */
  referenceSeconds: number
  warmupSeconds: number
  idle: number
  runs: number
  /** a step with more steal than this (% of the cores) is measured again */
  maxSteal: number
  /** the PostgreSQL server's `postgres:` line, when measured */
  postgres?: string
}

const fmt = (n: number | undefined, d = 1) =>
  n === undefined || Number.isNaN(n) ? '–' : Number.isFinite(n) ? n.toFixed(d) : '>10000'

/** The median over runs of what `pick` finds in each (runs where it is undefined left out). */
function med(runs: SideRun[], pick: (run: SideRun, k: number) => number | undefined): number {
  const xs = runs.map(pick).filter((x): x is number => x !== undefined && !Number.isNaN(x))
  return xs.length ? median(xs) : NaN
}

const at = (rate: number, f: (r: StepResult) => number) => (run: SideRun) => {
  const r = run.at.get(rate)
  return r === undefined ? undefined : f(r)
}

/**
 * Prints the method, a table of each server against its ceiling (medians over runs) and every
 * run's steps; the exit code is 1 under `--strict` when a Corkboard server misses a goal.
 */
export function report(
  sides: Side[],
  results: Map<string, SideRun[]>,
  memory: Map<string, { rssKb: number; heapKb: number }>,
  s: Settings,
  loadStart: number[],
  strict: boolean,
): number {
  const [low, high] = REFERENCE_RATES
  printMethod(s, loadStart)
  const runsOf = (name: string | undefined) => (name ? results.get(name) : undefined)
  const sqlite = sides.find((x) => x.ceiling && x.dialect === 'sqlite')
  const onePg = sides.find((x) => x.ceiling && x.dialect === 'postgres' && x.instances === 1)
  const header = [
    'server',
    'max sends/s',
    'ratio',
    `p50/p99@${low}`,
    `p50/p99@${high}`,
    `CPU µs/send@${low}`,
    'CPU × SQLite',
    `PG µs/send@${low}`,
    '+PG × SQLite',
    '+p99 2 inst.',
    'idle KB/conn',
    'unacked',
    'undelivered',
    'goal',
    'result',
  ]
  let missed = false
  const rows = sides.map((side) => {
    const runs = results.get(side.name)!
    const ceilingRuns = runsOf(side.ceiling)
    const max = med(runs, (r) => r.maxSustained)
    const ratio = ceilingRuns
      ? med(runs, (r, k) => r.maxSustained / (ceilingRuns[k]?.maxSustained ?? NaN))
      : NaN
    const p = (rate: number, q: 'p50' | 'p99') =>
      med(
        runs,
        at(rate, (r) => r[q]),
      )
    const cpu = med(
      runs,
      at(low, (r) => r.cpuPerSend),
    )
    const sqliteRuns = runsOf(sqlite?.name)
    const cpuVsSqlite =
      side.ceiling && sqliteRuns
        ? med(runs, (r, k) => {
            const mine = r.at.get(low)?.cpuPerSend
            const ref = sqliteRuns[k]?.at.get(low)?.cpuPerSend
            return mine === undefined || ref === undefined ? undefined : mine / ref
          })
        : NaN
    const db = med(
      runs,
      at(low, (r) => r.dbCpuPerSend),
    )
    const withDbVsSqlite =
      side.database && sqliteRuns
        ? med(runs, (r, k) => {
            const mine = r.at.get(low)
            const ref = sqliteRuns[k]?.at.get(low)?.cpuPerSend
            return mine === undefined || ref === undefined
              ? undefined
              : (mine.cpuPerSend + mine.dbCpuPerSend) / ref
          })
        : NaN
    const oneRuns = side.instances > 1 ? runsOf(onePg?.name) : undefined
    const crossP99 = oneRuns
      ? med(runs, (r, k) => {
          const mine = r.at.get(low)?.p99
          const one = oneRuns[k]?.at.get(low)?.p99
          return mine === undefined || one === undefined ? undefined : mine - one
        })
      : NaN
    // attempts set aside for steal count here too: nothing lost in them is forgiven
    const steps = runs.flatMap((r) => [...r.steps, ...r.setAside])
    const unacked = steps.reduce((n, r) => n + r.refused + r.failed + r.unanswered, 0)
    const undelivered = steps.reduce((n, r) => n + r.undelivered, 0)
    const mem = memory.get(side.name)!
    let goal = ''
    let result = ''
    if (side.ceiling) {
      const checks: [string, boolean][] = [[`≥${GOALS.ratio}×`, ratio >= GOALS.ratio]]
      if (side.dialect === 'sqlite') {
        checks.push([
          `p99@${high}≤${GOALS.sqliteP99At2000}`,
          p(high, 'p99') <= GOALS.sqliteP99At2000,
        ])
        checks.push([`≤${GOALS.idleKb} KB`, mem.rssKb <= GOALS.idleKb])
      } else {
        checks.push([`p99@${low}≤${GOALS.pgP99At1000}`, p(low, 'p99') <= GOALS.pgP99At1000])
        checks.push([`CPU≤${GOALS.pgCpuVsSqlite}×`, cpuVsSqlite <= GOALS.pgCpuVsSqlite])
        if (side.instances > 1) {
          checks.push([`+≤${GOALS.crossInstanceP99} ms`, crossP99 <= GOALS.crossInstanceP99])
        }
      }
      checks.push(['0 undelivered', undelivered === 0])
      goal = checks.map(([g]) => g).join(', ')
      const failed = checks.filter(([, ok]) => !ok).map(([g]) => g)
      result = failed.length ? `MISS (${failed.join(', ')})` : 'pass'
      missed ||= failed.length > 0
    }
    return [
      side.name,
      String(max),
      side.ceiling ? fmt(ratio, 2) : '1.00',
      `${fmt(p(low, 'p50'))} / ${fmt(p(low, 'p99'))}`,
      `${fmt(p(high, 'p50'))} / ${fmt(p(high, 'p99'))}`,
      fmt(cpu, 0),
      side.ceiling ? fmt(cpuVsSqlite, 2) : '',
      side.database ? fmt(db, 0) : '',
      side.database && side.ceiling ? fmt(withDbVsSqlite, 2) : '',
      side.instances > 1 ? fmt(crossP99) : '',
      fmt(mem.rssKb),
      String(unacked),
      String(undelivered) + (steps.some((r) => r.unverified) ? ' (unverified)' : ''),
      goal,
      result,
    ]
  })
  // the PostgreSQL and two-instance columns only when there is something in them
  const used = header.map((_, c) => c < 3 || rows.some((row) => row[c] !== ''))
  printTable(
    header.filter((_, c) => used[c]),
    rows.map((row) => row.filter((_, c) => used[c])),
  )
  console.log(
    '(latencies in ms, send → deliver at every recipient; ratio: max sustained ÷ that of its ceiling in the same run (SQLite ones: the better-sqlite3 ceiling; PostgreSQL ones: the pg + Redis ceiling);',
  )
  console.log(
    ` CPU: server user + system time per send, all of the side's processes; CPU × SQLite: ÷ Corkboard (SQLite)'s at ${low}/s in the same run;`,
  )
  console.log(
    ` PG µs/send: the CPU of the PostgreSQL backends of the side's database (from /proc) per send; +PG × SQLite: (server + PG) ÷ Corkboard (SQLite)'s server CPU (Redis not counted);`,
  )
  console.log(
    ` +p99 2 inst.: p99 at ${low}/s of two instances − one instance's; idle KB/conn is RSS (heap: ` +
      sides.map((side) => `${side.name} ${fmt(memory.get(side.name)!.heapKb)}`).join(', ') +
      ');',
  )
  console.log(
    ' unacked: sends refused (429 overloaded), answered an error or never answered, every step of every run;',
  )
  console.log(
    ' undelivered: acknowledged messages a member received neither live nor through resume (REST after resync_required))',
  )
  console.log('')
  for (const side of sides) {
    const runs = results.get(side.name)!
    const overloaded = runs.flatMap((r) => r.steps).filter((r) => !r.sustained)
    const again = runs.flatMap((r) => r.setAside)
    console.log(
      `${side.name}: max sustained per run ${runs.map((r) => r.maxSustained).join(' / ')}; ` +
        `${overloaded.length} overloaded step(s) measured (${overloaded.map((r) => `${r.rate}/s`).join(', ') || 'none: add higher --steps'})` +
        (again.length ? `; ${again.length} attempt(s) set aside for steal` : ''),
    )
    runs.forEach((run, k) => {
      console.log(`  run ${k + 1}:`)
      for (const r of run.steps) {
        console.log(
          `    ${String(r.rate).padStart(6)}/s ${r.sustained ? 'ok  ' : 'FAIL'} ${stepLine(r)}`,
        )
      }
      for (const r of run.setAside) {
        console.log(`    ${String(r.rate).padStart(6)}/s set aside (stolen) ${stepLine(r)}`)
      }
    })
  }
  return strict && missed ? 1 : 0
}

/** the load generator's V8 helper threads, as it was started (bench/run.ts) */
const poolOf = () => {
  const flag = process.execArgv.find((a) => a.startsWith('--v8-pool-size='))
  return flag ? `${flag.split('=')[1]} V8 helper thread(s)` : "Node's default V8 helper threads"
}

function printMethod(s: Settings, loadStart: number[]) {
  const cpu = cpus()
  const loadEnd = loadavg()
  const [low, high] = REFERENCE_RATES
  const lines = [
    '',
    `Corkboard messages bench — ${new Date().toISOString()}`,
    machineLine(),
    serversLine(),
    ...(s.postgres ? [s.postgres] : []),
    `load:    load average ${loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${loadEnd.map((x) => x.toFixed(2)).join(' ')} at end`,
    `data:    ${s.clients} people in ${s.clients / GROUP_SIZE} groups of ${GROUP_SIZE}, one socket each (Bearer token); a fresh database per server, a CHECKPOINT before each PostgreSQL one's run`,
    `method:  load generator in this process (the servers' ${cpu.length} cores; ${poolOf()}); ${s.warmupSeconds} s warm-up, then ${s.stepSeconds} s per step (${s.referenceSeconds} s at ${low}/s and ${high}/s)`,
    `         at ${s.steps.join(', ')} sends/s (aggregate, round-robin over groups); a step is sustained when all`,
    `         ${GROUP_SIZE - 1} other members receive every message and the sender its ack (≤ 5 s drain), nothing is refused,`,
    `         and p99 send→deliver ≤ ${SUSTAINED_P99_MS} ms; stepping stops after the first step not sustained (measured: the overloaded`,
    `         step; ${low}/s and ${high}/s always, when among the steps), its drain lasting while frames arrive; ${s.runs} run(s), medians;`,
    `         a step during which the hypervisor took more than ${s.maxSteal} % of the cores (steal, /proc/stat) is measured again, twice`,
    `         at most, and the attempt with the least steal counts (the others' unacked and undelivered count too);`,
    `         idle memory: server RSS growth (after GC) over ${s.idle} sockets that said hello and idle, once per server`,
    '',
  ]
  for (const line of lines) console.log(line)
}
