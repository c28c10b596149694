import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import pg from 'pg'
import pino from 'pino'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createContext, type AppContext } from '../../server/context'
import { openDatabase, type DbHandle } from '../../server/db/database'
import { PG_URL, type TestDialect } from './dialects'

export interface TestApp {
  app: FastifyInstance
  ctx: AppContext
  dialect: TestDialect
  close(): Promise<void>
  /**
   * Stops this app (a server restart) and builds a new one on the same database; this app's
   * `close` then leaves the data to the new one, whose `close` removes it.
   */
  reopen(): Promise<TestApp>
  /** another handle on this app's database, as a second server instance would open it */
  openDatabase(): DbHandle
}

export interface TestAppOptions {
  /** passed to createContext (e.g. low or high messaging rate limits) */
  overrides?: Parameters<typeof createContext>[1]
}

/** A fresh app on a fresh database: a temp SQLite file, or a PostgreSQL schema of its own. */
export async function createTestApp(
  dialect: TestDialect,
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'corkboard-test-'))
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined
  if (schema) {
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
  }
  return startTestApp(dialect, env, options, dir, schema)
}

async function startTestApp(
  dialect: TestDialect,
  env: Record<string, string>,
  options: TestAppOptions,
  dir: string,
  schema: string | undefined,
): Promise<TestApp> {
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    DEMO: 'off',
    PUBLIC_URL: 'http://localhost:3000',
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    RATE_LIMIT_PER_MINUTE: '100000',
    WEB_DIST_DIR: join(dir, 'no-web'),
    ...env,
  })
  const open = () =>
    dialect === 'postgres'
      ? openDatabase({ dialect, url: PG_URL, pgSchema: schema, poolSize: 5 })
      : openDatabase({ dialect, sqlitePath: join(dir, 'test.db') })
  const handle = open()
  const ctx = await createContext(config, {
    ...options.overrides,
    log: pino({ level: 'silent' }),
    db: handle,
  })
  const app = await buildApp(ctx)
  await app.ready()
  let handedOver = false
  return {
    app,
    ctx,
    dialect,
    openDatabase: open,
    async reopen() {
      handedOver = true
      await app.close()
      await ctx.close()
      return startTestApp(dialect, env, options, dir, schema)
    },
    async close() {
      if (handedOver) return
      await app.close()
      await ctx.close()
      if (schema) {
        const admin = new pg.Client({ connectionString: PG_URL })
        await admin.connect()
        await admin.query(`drop schema ${schema} cascade`)
        await admin.end()
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A signed-up user and ways to call the API as them. */
export interface TestUser {
  id: string
  username: string
  cookie: string
  csrf: string
  /** inject as this user over the session cookie, CSRF header included */
  call(opts: InjectOptions): Promise<LightMyRequestResponse>
  /** inject with a personal access token with every scope */
  token: string
}

let counter = 0
let addresses = 0
const nextAddress = () => {
  const n = ++addresses
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
}

export async function signUp(
  t: TestApp,
  username = `user${++counter}_${randomBytes(2).toString('hex')}`,
  extra: Record<string, unknown> = {},
): Promise<TestUser> {
  // each test user signs up from an address of its own, as real people do (sign-up and token
  // creation are rate limited per address)
  const remoteAddress = nextAddress()
  const res = await t.app.inject({
    method: 'POST',
    url: '/v5/auth/signup',
    remoteAddress,
    payload: {
      username,
      email: `${username}@example.com`,
      password: 'correct horse battery',
      ...extra,
    },
  })
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`)
  const body = res.json()
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
  const csrf = body.csrf_token as string
  const call = (opts: InjectOptions) =>
    t.app.inject({
      ...opts,
      headers: { cookie, 'x-csrf-token': csrf, ...(opts.headers ?? {}) },
    })
  const tokenRes = await call({
    method: 'POST',
    url: '/v5/user_account/tokens',
    remoteAddress,
    payload: {
      name: 'all',
      scopes: [
        'pins:read',
        'pins:write',
        'boards:read',
        'boards:write',
        'user_accounts:read',
        'user_accounts:write',
        'messages:read',
        'messages:write',
      ],
    },
  })
  return { id: body.account.id, username, cookie, csrf, call, token: tokenRes.json().token }
}
