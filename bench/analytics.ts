/**
 * `npm run bench -- analytics [--quick] [--runs N] [--pg URL]`: analytics recorded as events
 * happen, and read back.
 *
 * (a) The API bench's pin reads (GET /v5/pins/{id}, autocannon) alone, then the same reads
 * while 1,000,000 analytics events are recorded in the server process through the real
 * recorder (bench/servers/analytics-server.ts): the read slowdown, per run against the reads
 * alone measured in that run. (b) 90-day analytics queries over what was recorded, one at a
 * time: GET /v5/brand/analytics for all a brand's pins and for one pin, and Pinterest's
 * GET /v5/user_account/analytics: p50/p99.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pino from 'pino'
import { loadConfig } from '../server/config'
import { createContext } from '../server/context'
import { seedSynthetic } from '../server/demo/synthetic'
import { reportAnalytics, type RunResult } from './analytics/report'
import {
  benchServerEnv,
  freshPgDatabase,
  measure,
  removeUnlessKept,
  SERVER_BENCH_OPTIONS,
  startServer,
  type LoadSettings,
  type Server,
  type Target,
} from './measure'
import type { Recorded, RecordOrder } from './servers/analytics-server'

const DAYS = 90
const DAY_MS = 86_400_000

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SERVER_BENCH_OPTIONS,
      pins: { type: 'string' },
      users: { type: 'string' },
      events: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '10' },
      queries: { type: 'string' },
      pg: { type: 'string' },
    },
  })
  const quick = values.quick
  const pins = Number(values.pins ?? (quick ? 3_000 : 20_000))
  const users = Number(values.users ?? (quick ? 600 : 2_000))
  const events = Number(values.events ?? (quick ? 100_000 : 1_000_000))
  const queries = Number(values.queries ?? (quick ? 30 : 300))
  const runs = Math.max(1, Number(values.runs))
  const load: LoadSettings = {
    connections: Number(values.connections),
    duration: Number(values.duration ?? (quick ? 3 : 90)),
    warmup: Number(values.warmup ?? (quick ? 1 : 2)),
  }

  const dir = mkdtempSync(join(tmpdir(), 'corkboard-bench-'))
  const cleanups: (() => Promise<void>)[] = []
  let env: NodeJS.ProcessEnv = {
    ...benchServerEnv(dir),
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
  }
  try {
    if (values.pg !== undefined) {
      const pg = await freshPgDatabase(values.pg || 'postgres://postgres@127.0.0.1:5432/test')
      cleanups.push(pg.drop)
      env = { ...env, DATABASE_URL: pg.url }
    }
    const database = values.pg !== undefined ? 'PostgreSQL' : 'SQLite'
    const fixture = await prepare(env, pins, users, quick)
    const server = await startServer(
      './servers/analytics-server.ts',
      env,
      values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [],
    )
    cleanups.unshift(() => server.stop())
    const reads: Target = {
      name: 'GET /v5/pins/{id}',
      requests: fixture.pinIds.map((id, i) => ({
        path: `/v5/pins/${id}`,
        headers: i % 2 ? bearer(fixture.readTokens[i % fixture.readTokens.length]!) : {},
      })),
    }
    await check(server.url, reads.requests.slice(0, 20))

    const results: RunResult[] = []
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`run ${run}/${runs}: reads alone … `)
      const alone = await measure(server.url, reads, load)
      process.stderr.write(`reads while recording ${events} events … `)
      if (load.warmup > 0)
        await measure(server.url, reads, { ...load, duration: load.warmup, warmup: 0 })
      const recording = recordIn(server, {
        type: 'record',
        events,
        seconds: load.duration,
        seed: `bench-analytics-${run}`,
      })
      const during = await measure(server.url, reads, { ...load, warmup: 0 })
      const recorded = await recording
      process.stderr.write('queries …\n')
      const timings = await runQueries(server.url, fixture, queries)
      results.push({ alone, during, recorded, queries: timings })
    }
    return reportAnalytics(results, {
      database,
      pins,
      users,
      events,
      runs,
      load,
      queries,
      brandPins: fixture.brandPinCount,
      pinIds: fixture.pinIds.length,
      seedMs: fixture.seedMs,
      flushMs: loadConfig(env).analyticsFlushMs,
      strict: values.strict,
    })
  } finally {
    for (const c of cleanups) await c().catch(() => undefined)
    removeUnlessKept(dir, values.keep)
  }
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

/** Asks the server to record, and waits for its report (the last flush included). */
function recordIn(server: Server, order: RecordOrder): Promise<Recorded> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type?: string; error?: string }) => {
      if (msg?.type === 'recorded') {
        server.child.off('message', onMessage)
        resolve(msg as Recorded)
      } else if (msg?.type === 'failed') {
        server.child.off('message', onMessage)
        reject(new Error(`recording failed: ${msg.error}`))
      }
    }
    server.child.on('message', onMessage)
    server.child.send(order)
  })
}

interface Fixture {
  readTokens: string[]
  pinIds: number[]
  brands: { id: number; token: string; pinIds: number[] }[]
  brandPinCount: number
  seedMs: number
}

/** Seeds the data set in this process; tokens for readers and for the brands. */
async function prepare(
  env: NodeJS.ProcessEnv,
  pins: number,
  users: number,
  quick: boolean,
): Promise<Fixture> {
  const ctx = await createContext(loadConfig(env), { log: pino({ level: 'warn' }) })
  try {
    let last = ''
    const summary = await seedSynthetic(
      { db: ctx.db, media: ctx.services.media },
      {
        pins,
        users,
        images: quick ? 14 : 28,
        seed: 'bench-analytics',
        onProgress: (phase, done, total) => {
          const line = `seeding ${phase} ${Math.floor((4 * done) / Math.max(1, total)) * 25}%`
          if (line !== last) process.stderr.write(`${(last = line)}\n`)
        },
      },
    )
    const { db, services } = ctx
    const readers = await db
      .selectFrom('users')
      .select('id')
      .where('account_type', '=', 'PINNER')
      .orderBy(sql`random()`)
      .limit(20)
      .execute()
    const readTokens: string[] = []
    for (const r of readers) {
      readTokens.push((await services.accounts.createToken(r.id, 'bench', ['pins:read'])).token)
    }
    const pinRows = await db
      .selectFrom('pins')
      .select('id')
      .where('secret', '=', 0)
      .orderBy(sql`random()`)
      .limit(2000)
      .execute()
    const brandRows = await db
      .selectFrom('users')
      .select('id')
      .where('account_type', '=', 'BUSINESS')
      .orderBy('id')
      .execute()
    const brands = []
    let brandPinCount = 0
    for (const b of brandRows) {
      const own = await db.selectFrom('pins').select('id').where('owner_id', '=', b.id).execute()
      brandPinCount += own.length
      const scopes = ['ads:read', 'user_accounts:read', 'pins:read'] as const
      brands.push({
        id: Number(b.id),
        token: (await services.accounts.createToken(b.id, 'bench', [...scopes])).token,
        pinIds: own.map((p) => Number(p.id)).slice(0, 200),
      })
    }
    if (brands.length === 0) throw new Error('the data set has no business account')
    return {
      readTokens,
      pinIds: pinRows.map((r) => Number(r.id)),
      brands,
      brandPinCount,
      seedMs: summary.ms,
    }
  } finally {
    await ctx.close()
  }
}

async function check(url: string, requests: Target['requests']) {
  for (const r of requests) {
    const res = await fetch(url + r.path, { headers: r.headers })
    if (res.status !== 200)
      throw new Error(`GET ${r.path} answered ${res.status}: ${await res.text()}`)
  }
}

export const QUERY_NAMES = [
  'GET /v5/brand/analytics (90 days, all pins)',
  'GET /v5/brand/analytics (90 days, one pin)',
  'GET /v5/user_account/analytics (90 days)',
] as const

/**
 * Each query `n` times, one at a time, rotating over the brands (and their pins), after a
 * warm-up of 5 each: latency in ms as the client sees it, and the answers that were not 200
 * or showed no impressions for the brand (a query over nothing measures nothing).
 */
async function runQueries(url: string, fixture: Fixture, n: number) {
  const end = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS).toISOString().slice(0, 10)
  const start = new Date(Date.parse(end) - (DAYS - 1) * DAY_MS).toISOString().slice(0, 10)
  const range = `start_date=${start}&end_date=${end}`
  const paths = [
    () => `/v5/brand/analytics?${range}`,
    (i: number, b: Fixture['brands'][number]) =>
      `/v5/brand/analytics?${range}&pin_id=${b.pinIds[i % b.pinIds.length]}`,
    () => `/v5/user_account/analytics?${range}`,
  ]
  const out = QUERY_NAMES.map((name) => ({ name, ms: [] as number[], bad: 0, empty: 0 }))
  for (let i = -5; i < n; i++) {
    for (const [q, path] of paths.entries()) {
      const brand = fixture.brands[(i + 5) % fixture.brands.length]!
      const t0 = performance.now()
      const res = await fetch(url + path(Math.max(0, i), brand), { headers: bearer(brand.token) })
      const body = (await res.json()) as { summary?: { impressions: number } }
      const ms = performance.now() - t0
      if (i < 0) continue
      out[q]!.ms.push(ms)
      if (res.status !== 200) out[q]!.bad++
      else if (q === 0 && !(body.summary && body.summary.impressions > 0)) out[q]!.empty++
    }
  }
  return out
}
