import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createContext, type AppContext } from '../../server/context'
import { openDatabase, type DbHandle } from '../../server/db/database'
import { leastPasswordHashCostForTests } from '../../server/domain/accounts/passwords'
import { PG_URL, type TestDialect } from './dialects'
import type { PgSchema } from './pg-schema'
import { createSuiteStorage, type SuiteStorage } from './suite-storage'

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
  /** on PostgreSQL, the app's schema (for raw clients working in it) */
  pgSchema?: PgSchema
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
  return startTestApp(dialect, env, options, await createSuiteStorage(dialect, 'test'))
}

async function startTestApp(
  dialect: TestDialect,
  env: Record<string, string>,
  options: TestAppOptions,
  storage: SuiteStorage,
): Promise<TestApp> {
  const { dir, schema } = storage
  // argon2id at its least cost in this process's apps (servers run as processes keep OWASP's)
  leastPasswordHashCostForTests()
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
      ? openDatabase({ dialect, url: PG_URL, pgSchema: schema?.name, poolSize: 5 })
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
    pgSchema: schema,
    openDatabase: open,
    async reopen() {
      handedOver = true
      await app.close()
      await ctx.close()
      return startTestApp(dialect, env, options, storage)
    },
    async close() {
      if (handedOver) return
      await app.close()
      await ctx.close()
      await storage.remove()
    },
  }
}
