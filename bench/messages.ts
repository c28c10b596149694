/**
 * `npm run bench -- messages [--quick] [--runs N] [--pg URL [--redis-url URL]]`: Corkboard's
 * real-time Messages against raw ceilings (a bare `ws` broadcast server with a bare
 * better-sqlite3 insert per message; with --pg, a bare `ws` server with one batched PostgreSQL
 * insert per event-loop turn, a Redis publish and its subscriber's broadcast).
 *
 * Seeds a fresh database per Corkboard server with 1,000 people in 100 groups of 10
 * (conversations and members written directly, one personal access token each), starts the
 * servers — Corkboard on SQLite, and with --pg on PostgreSQL + Redis as one and as two
 * instances — and the ceilings in child processes, and drives each from this process with one
 * WebSocket client per person, sending `message.send` at stepped aggregate rates. At every
 * recipient it measures send → `message.created` latency; it counts unacknowledged sends
 * (refused, failed, unanswered) apart from acknowledged messages some member did not get,
 * which are checked through that member's resume before they count as undelivered. Also
 * measures server memory per idle connection.
 *
 * This file reads the options and runs the steps; the parts live in `messages/`: the servers
 * measured and their seed (sides.ts, seed.ts), the load generator (sockets.ts, ledger.ts,
 * load.ts, probe.ts), the resume check (verify.ts) and the printed report (report.ts).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  benchServerEnv,
  checkpoint,
  freshPgDatabase,
  postgresLine,
  removeUnlessKept,
  SERVER_BENCH_OPTIONS,
  type Server,
} from './measure'
import { stepUp } from './messages/load'
import type { SideRun } from './messages/step-result'
import { report, type Settings } from './messages/report'
import {
  ceilingSide,
  corkboardSide,
  GROUP_SIZE,
  PG_CEILING,
  pgCeilingSide,
  SQLITE_CEILING,
  type Side,
} from './messages/sides'
import { idleMemory } from './messages/sockets'

// from 1,000/s on, each step a quarter above the last (rounded): a server's highest sustained
// rate, and so its ratio to its ceiling, is known to within a step, not to within 1,000/s
const FULL_STEPS = [
  500, 1000, 1250, 1600, 2000, 2500, 3200, 4000, 5000, 6400, 8000, 10000, 12500, 16000,
]
const QUICK_STEPS = [250, 500, 1000, 2000]

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SERVER_BENCH_OPTIONS,
      clients: { type: 'string' },
      steps: { type: 'string' },
      step: { type: 'string' },
      'reference-step': { type: 'string' },
      warmup: { type: 'string' },
      idle: { type: 'string' },
      pg: { type: 'string' },
      'redis-url': { type: 'string' },
      'ceiling-batch': { type: 'boolean', default: false },
      only: { type: 'string' },
      'max-steal': { type: 'string' },
    },
  })
  const quick = values.quick
  const clients = Number(values.clients ?? (quick ? 200 : 1000))
  if (clients % GROUP_SIZE !== 0) throw new Error(`--clients must be a multiple of ${GROUP_SIZE}`)
  const settings: Settings = {
    clients,
    steps: values.steps ? values.steps.split(',').map(Number) : quick ? QUICK_STEPS : FULL_STEPS,
    stepSeconds: Number(values.step ?? (quick ? 2 : 5)),
    referenceSeconds: Number(values['reference-step'] ?? values.step ?? (quick ? 2 : 15)),
    warmupSeconds: Number(values.warmup ?? (quick ? 1 : 3)),
    idle: Number(values.idle ?? (quick ? 500 : 5000)),
    runs: Math.max(1, Number(values.runs)),
    maxSteal: Number(values['max-steal'] ?? 2),
  }
  if (!(settings.stepSeconds > 0 && settings.referenceSeconds > 0 && settings.warmupSeconds > 0)) {
    throw new Error('--step, --reference-step and --warmup must be seconds > 0')
  }
  if (!(settings.maxSteal >= 0)) throw new Error('--max-steal must be a percentage ≥ 0')
  checkFdLimit(settings.idle + clients + 200)

  const dir = mkdtempSync(join(tmpdir(), 'corkboard-bench-msg-'))
  const baseEnv: NodeJS.ProcessEnv = { ...benchServerEnv(dir), MESSAGE_RATE_LIMITS: 'off' }
  delete baseEnv.REDIS_URL
  const servers: Server[] = []
  const cleanups: (() => Promise<void>)[] = []
  const loadStart = loadavg()
  const wanted = (name: string) => !values.only || name.includes(values.only)
  try {
    const sides: Side[] = []
    const profile = values['cpu-prof']
    // each server profiles into a folder of its own
    const profileDir = (name: string) => (profile ? join(profile, name) : undefined)

    if (wanted('SQLite') || !values.pg) {
      sides.push(await ceilingSide(baseEnv, dir, clients, values['ceiling-batch'], servers))
      const sqliteEnv = { ...baseEnv, DATABASE_URL: `sqlite:${join(dir, 'bench.db')}` }
      const options = { ceiling: SQLITE_CEILING, dialect: 'sqlite' as const }
      const name = 'Corkboard (SQLite)'
      sides.push(
        await corkboardSide(name, sqliteEnv, clients, profileDir('sqlite'), servers, options),
      )
    }

    if (values.pg !== undefined) {
      const admin = values.pg || 'postgres://postgres@127.0.0.1:5432/test'
      settings.postgres = await postgresLine(admin)
      /** a database of its own for each side, and (unless --redis-url) a Redis of its own */
      const storage = async () => {
        const db = await freshPgDatabase(admin)
        cleanups.push(db.drop)
        if (values['redis-url']) return { pgUrl: db.url, redisUrl: values['redis-url'] }
        const redis = await privateRedis()
        cleanups.push(redis.stop)
        return { pgUrl: db.url, redisUrl: redis.url }
      }
      const ceiling = await storage()
      sides.push(await pgCeilingSide(baseEnv, ceiling.pgUrl, ceiling.redisUrl, clients, servers))
      for (const instances of [1, 2]) {
        const name = `Corkboard (PostgreSQL + Redis, ${instances} instance${instances > 1 ? 's' : ''})`
        if (!wanted(name)) continue
        const { pgUrl, redisUrl } = await storage()
        const env = { ...baseEnv, DATABASE_URL: pgUrl, REDIS_URL: redisUrl }
        const options = { ceiling: PG_CEILING, dialect: 'postgres' as const, instances }
        sides.push(
          await corkboardSide(name, env, clients, profileDir(`pg-${instances}`), servers, options),
        )
      }
    }

    const memory = new Map<string, { rssKb: number; heapKb: number }>()
    for (const side of sides) {
      process.stderr.write(`${side.name}: ${settings.idle} idle sockets … `)
      const m = await idleMemory(side, settings.idle)
      memory.set(side.name, m)
      process.stderr.write(`${m.rssKb.toFixed(1)} KB RSS per connection\n`)
    }

    const results = new Map<string, SideRun[]>(sides.map((s) => [s.name, []]))
    for (let run = 1; run <= settings.runs; run++) {
      for (const side of sides) {
        process.stderr.write(`run ${run}/${settings.runs}, ${side.name}:\n`)
        // each PostgreSQL server's steps start from a checkpoint just taken (measure.ts)
        if (side.database && !(await checkpoint(side.database))) {
          process.stderr.write('  (no checkpoint before it: PostgreSQL refused one)\n')
        }
        results.get(side.name)!.push(await stepUp(side, settings))
      }
    }
    return report(sides, results, memory, settings, loadStart, values.strict)
  } finally {
    for (const s of servers) await s.stop()
    for (const c of cleanups) await c().catch(() => undefined)
    removeUnlessKept(dir, values.keep)
  }
}

/** A redis-server of the bench's own (a free port, nothing persisted), as the test suites use. */
async function privateRedis() {
  const { REDIS_AVAILABLE, startPrivateRedis } = await import('../tests/support/redis')
  if (!REDIS_AVAILABLE) throw new Error('--pg needs redis-server installed, or --redis-url URL')
  return startPrivateRedis()
}

function checkFdLimit(needed: number) {
  try {
    const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim())
    if (Number.isFinite(limit) && limit < needed) {
      throw new Error(
        `open-file limit ${limit} < ${needed} sockets: raise it first (ulimit -n ${needed * 2})`,
      )
    }
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('open-file')) throw err
  }
}
