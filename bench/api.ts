/**
 * `npm run bench -- api [--quick] [--runs N] [--pg URL | --database URL]`: Corkboard's read API
 * against a raw ceiling.
 *
 * Seeds a fresh database (100,000 pins, 10,000 people by default): SQLite, or with --pg a
 * PostgreSQL database of its own created through URL and dropped at the end (or, with
 * --database, measures one seeded before as it is). Starts the real server and a bare Fastify
 * server (one constant JSON route) in child processes, and drives each with autocannon at the
 * same settings: the ceiling, GET /v5/pins/{id} over random public pins, and GET /v5/feed as
 * signed-in people with follows (Bearer tokens, first pages and later pages).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import pino from 'pino'
import { loadConfig } from '../server/config'
import { createContext, type AppContext } from '../server/context'
import { seedSynthetic } from '../server/demo/synthetic'
import { reportApi, type ApiMeasurement, type BenchDatabase } from './api/report'
import {
  benchServerEnv,
  freshPgDatabase,
  measure,
  postgresLine,
  removeUnlessKept,
  SERVER_BENCH_OPTIONS,
  startServer,
  type LoadSettings,
  type Server,
  type Target,
} from './measure'
import { sampleDatabase, serverCpu } from './messages/probe'

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...SERVER_BENCH_OPTIONS,
      pins: { type: 'string' },
      users: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '10' },
      only: { type: 'string' },
      pg: { type: 'string' },
      database: { type: 'string' },
    },
  })
  const quick = values.quick
  const pins = Number(values.pins ?? (quick ? 5_000 : 100_000))
  const users = Number(values.users ?? (quick ? 1_000 : 10_000))
  const runs = Math.max(1, Number(values.runs))
  const load: LoadSettings = {
    connections: Number(values.connections),
    duration: Number(values.duration ?? (quick ? 3 : 10)),
    warmup: Number(values.warmup ?? (quick ? 1 : 2)),
  }

  const dir = mkdtempSync(join(tmpdir(), 'corkboard-bench-'))
  let env: NodeJS.ProcessEnv = {
    ...benchServerEnv(dir),
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
  }
  const existing = values.database
  const database: BenchDatabase =
    values.pg !== undefined || existing?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'
  const servers: { stop(): Promise<void> }[] = []
  let dropDatabase = async () => {}
  try {
    if (existing) env = { ...env, DATABASE_URL: existing }
    else if (values.pg !== undefined) {
      const pg = await freshPgDatabase(values.pg || 'postgres://postgres@127.0.0.1:5432/test')
      dropDatabase = values.keep ? async () => console.log(`kept the database ${pg.url}`) : pg.drop
      env = { ...env, DATABASE_URL: pg.url }
    }
    const fixture = await prepare(env, existing ? null : { pins, users })
    const profile = values['cpu-prof']
    const corkboard = await startServer(
      './servers/corkboard-server.ts',
      env,
      profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
    )
    servers.push(corkboard)
    const feedTarget: Target = {
      name: 'GET /v5/feed',
      requests: await feedRequests(corkboard.url, fixture.tokens),
    }
    // A first feed page as Corkboard answered it, for the bare server to answer as it is.
    const pageFile = join(dir, 'feed-page.json')
    const first = feedTarget.requests[0]!
    writeFileSync(
      pageFile,
      Buffer.from(
        await (await fetch(corkboard.url + first.path, { headers: first.headers })).arrayBuffer(),
      ),
    )
    const ceiling = await startServer('./servers/ceiling-server.ts', env, [], [pageFile])
    servers.push(ceiling)

    const pinTarget: Target = {
      name: 'GET /v5/pins/{id}',
      requests: fixture.pinIds.map((id, i) => ({
        path: `/v5/pins/${id}`,
        headers: i % 2 ? bearer(fixture.tokens[i % fixture.tokens.length]!) : {},
      })),
    }
    await check(corkboard.url, pinTarget)
    const ceilingTarget: Target = {
      name: 'ceiling (bare Fastify, constant JSON)',
      requests: [{ path: '/ceiling' }],
    }

    // Corkboard's plugin stack (helmet, cookies, metrics, logging) around a route that does no
    // work: how much of the ceiling is left before any query runs.
    const floorTarget: Target = {
      name: 'GET /healthz (Corkboard stack, no work)',
      requests: [{ path: '/healthz' }],
    }

    // For comparison, not a goal: the same server as the ceiling sending a feed page's bytes.
    const pageTarget: Target = {
      name: 'bare Fastify, a feed page (same bytes)',
      requests: [{ path: '/ceiling-page' }],
    }

    // the PostgreSQL backends' CPU counts with the server's (none for SQLite, in-process)
    const cpuOfDatabase = database === 'PostgreSQL' ? env.DATABASE_URL! : null
    const loadBefore = loadavg()[0]!
    const results: ApiMeasurement[][] = []
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`run ${run}/${runs}: `)
      const row: ApiMeasurement[] = []
      const plan = [
        [ceiling, ceilingTarget],
        [corkboard, floorTarget],
        [corkboard, pinTarget],
        [corkboard, feedTarget],
        [ceiling, pageTarget],
      ] as const
      for (const [server, target] of plan.filter(
        ([, t], i) => i === 0 || !values.only || t.name.includes(values.only),
      )) {
        process.stderr.write(
          `${target.name.split(' ')[0] === 'ceiling' ? 'ceiling' : target.name} … `,
        )
        row.push(
          await measureWithCpu(server, target, load, server === ceiling ? null : cpuOfDatabase),
        )
      }
      process.stderr.write('\n')
      results.push(row)
    }
    return reportApi(results, {
      database,
      pins: fixture.pins,
      users: fixture.users,
      runs,
      load,
      feedRequests: feedTarget.requests.length,
      pinIds: fixture.pinIds.length,
      seedMs: fixture.seedMs,
      loadBefore,
      strict: values.strict,
      ...(database === 'PostgreSQL' ? { postgres: await postgresLine(env.DATABASE_URL!) } : {}),
    })
  } finally {
    for (const s of servers) await s.stop()
    await dropDatabase().catch((err: unknown) => console.error(`dropping the database: ${err}`))
    removeUnlessKept(dir, values.keep)
  }
}

/**
 * A warm-up (discarded), then the timed run, with the CPU time the server (and PostgreSQL's
 * backends for its database) used during it, per request: what the ratio of rates would be
 * with cores to spare, the figure a busy machine disturbs least.
 */
async function measureWithCpu(
  server: Server,
  target: Target,
  load: LoadSettings,
  databaseUrl: string | null,
): Promise<ApiMeasurement> {
  if (load.warmup > 0)
    await measure(server.url, target, { ...load, duration: load.warmup, warmup: 0 })
  const database = databaseUrl ? await sampleDatabase(databaseUrl) : null
  const before = await serverCpu([server])
  const m = await measure(server.url, target, { ...load, warmup: 0 })
  const serverUs = (await serverCpu([server])) - before
  const databaseUs = database ? (await database.stop()).cpuUs : 0
  const requests = Math.max(1, m.requests)
  return { ...m, serverCpu: serverUs / requests, databaseCpu: databaseUs / requests }
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

/**
 * Seeds the data set in this process (unless `size` is null: a database seeded before, e.g.
 * one kept with --keep, measured as it is), and mints tokens for people who follow others.
 */
async function prepare(env: NodeJS.ProcessEnv, size: { pins: number; users: number } | null) {
  const ctx = await createContext(loadConfig(env), { log: pino({ level: 'warn' }) })
  try {
    const seeded = size ? await seed(ctx, size) : null
    const count = async (table: 'users' | 'pins') =>
      Number(
        (
          await ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const [users, pins] = [seeded?.users ?? (await count('users')), await count('pins')]

    const followers = await ctx.db
      .selectFrom('follows')
      .innerJoin('users', 'users.id', 'follows.follower_id')
      .select('follows.follower_id as id')
      .where('users.account_type', '=', 'PINNER')
      .groupBy('follows.follower_id')
      .orderBy(sql`random()`)
      .limit(20)
      .execute()
    const tokens: string[] = []
    for (const f of followers) {
      tokens.push(
        (await ctx.services.accounts.createToken(f.id, 'bench', ['pins:read', 'boards:read']))
          .token,
      )
    }
    const pinRows = await ctx.db
      .selectFrom('pins')
      .select('id')
      .where('secret', '=', 0)
      .orderBy(sql`random()`)
      .limit(2000)
      .execute()
    return { tokens, pinIds: pinRows.map((r) => r.id), seedMs: seeded?.ms ?? null, users, pins }
  } finally {
    await ctx.close()
  }
}

/** The synthetic world of the bench (the seeder of `npm run seed`), its phases timed. */
async function seed(ctx: AppContext, size: { pins: number; users: number }) {
  let last = ''
  const t0 = performance.now()
  const summary = await seedSynthetic(
    { db: ctx.db, media: ctx.services.media },
    {
      ...size,
      seed: 'bench-api',
      onProgress: (phase, done, total) => {
        const step = Math.floor((4 * done) / Math.max(1, total)) * 25
        const line = `seeding ${phase} ${step}%`
        if (line !== last)
          process.stderr.write(
            `${(last = line)} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
          )
      },
    },
  )
  process.stderr.write(
    `seeded ${summary.users} people, ${summary.pins} pins, ${summary.follows} follows in ${(summary.ms / 1000).toFixed(1)} s\n`,
  )
  return summary
}

/** Feed pages 1–3 of every bench user, each with its own token (no pin on two of them). */
async function feedRequests(url: string, tokens: string[]) {
  const out: Target['requests'] = []
  for (const token of tokens) {
    const headers = { authorization: `Bearer ${token}` }
    let path = '/v5/feed'
    const seen = new Set<string>()
    for (let page = 0; page < 3; page++) {
      const res = await fetch(url + path, { headers })
      if (res.status !== 200)
        throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`)
      const body = (await res.json()) as { items: { id: string }[]; bookmark: string | null }
      if (body.items.length === 0) throw new Error(`GET ${path} answered no pins`)
      for (const { id } of body.items) {
        if (seen.has(id)) throw new Error(`GET ${path} answered pin ${id} a second time`)
        seen.add(id)
      }
      out.push({ path, headers })
      if (!body.bookmark) break
      path = `/v5/feed?bookmark=${encodeURIComponent(body.bookmark)}`
    }
  }
  return out
}

async function check(url: string, target: Target) {
  for (const r of target.requests.slice(0, 20)) {
    const res = await fetch(url + r.path, { headers: r.headers })
    if (res.status !== 200)
      throw new Error(`GET ${r.path} answered ${res.status}: ${await res.text()}`)
  }
}
