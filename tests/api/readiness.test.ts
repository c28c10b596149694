import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createContext } from '../../server/context'
import { openDatabase } from '../../server/db/database'
import { DIALECTS, PG_URL } from '../support/dialects'
import { createPgSchema } from '../support/pg-schema'
import { REDIS_AVAILABLE, startPrivateRedis, type PrivateRedis } from '../support/redis'
import { createSuiteStorage } from '../support/suite-storage'
import { startTcpProxy } from '../support/tcp-proxy'
import { createTestApp, type TestApp } from '../support/test-app'

/**
 * GET /readyz asks the database and Redis apart: 503 only when the database does not answer;
 * without Redis an instance still serves (200, `degraded`), and says `ready` again by itself
 * once Redis is back.
 */
const readyz = async (t: { app: TestApp['app'] }) => {
  const res = await t.app.inject('/readyz')
  return { status: res.statusCode, body: res.json() as Record<string, unknown> }
}

/** Polls until `readyz` answers `status`, or fails with the last answer. */
async function waitForStatus(t: { app: TestApp['app'] }, status: string, ms = 15_000) {
  const deadline = Date.now() + ms
  let last = await readyz(t)
  while (last.body.status !== status && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    last = await readyz(t)
  }
  expect(last.body.status, JSON.stringify(last.body)).toBe(status)
  return last
}

const READY_ALONE = { status: 'ready', checks: { database: 'ok', redis: 'not_configured' } }

for (const dialect of DIALECTS) {
  describe(`GET /readyz [${dialect}]`, () => {
    it('without Redis configured: ready, the database ok, Redis not configured', async () => {
      const t = await createTestApp(dialect)
      try {
        expect(await readyz(t)).toEqual({ status: 200, body: READY_ALONE })
      } finally {
        await t.close()
      }
    })

    describe.skipIf(!REDIS_AVAILABLE)('with a private Redis that stops and comes back', () => {
      let redis: PrivateRedis
      let t: TestApp
      beforeAll(async () => {
        redis = await startPrivateRedis()
        t = await createTestApp(dialect, { REDIS_URL: redis.url })
      }, 30_000)
      afterAll(async () => {
        await t?.close()
        await redis?.stop()
      })

      it('ok, then degraded (200, still serving) while Redis is down, then ok again', async () => {
        expect(await readyz(t)).toEqual({
          status: 200,
          body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } },
        })

        await redis.kill()
        expect(await waitForStatus(t, 'degraded')).toEqual({
          status: 200,
          body: { status: 'degraded', checks: { database: 'ok', redis: 'down' } },
        })
        // still serving: the rate limits fail open, the database answers
        const res = await t.app.inject('/v5/users/nobody_here')
        expect(res.statusCode).toBe(404)

        await redis.start()
        expect(await waitForStatus(t, 'ready')).toEqual({
          status: 200,
          body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } },
        })
      }, 40_000)
    })
  })
}

if (DIALECTS.includes('postgres')) {
  describe('GET /readyz while PostgreSQL is unreachable [postgres]', () => {
    const target = new URL(PG_URL)
    let proxy: Awaited<ReturnType<typeof startTcpProxy>>
    let schema: Awaited<ReturnType<typeof createPgSchema>>
    let storage: Awaited<ReturnType<typeof createSuiteStorage>>
    let t: { app: TestApp['app']; close(): Promise<void> }

    beforeAll(async () => {
      proxy = await startTcpProxy(target.hostname, Number(target.port || 5432))
      schema = await createPgSchema('readyz')
      storage = await createSuiteStorage('sqlite', 'readyz')
      const through = new URL(PG_URL)
      through.hostname = '127.0.0.1'
      through.port = String(proxy.port)
      const handle = openDatabase({
        dialect: 'postgres',
        url: through.toString(),
        pgSchema: schema.name,
        poolSize: 3,
      })
      const ctx = await createContext(
        loadConfig({
          DATA_DIR: storage.dir,
          DATABASE_URL: through.toString(),
          LOG_LEVEL: 'silent',
          DEMO: 'off',
          PUBLIC_URL: 'http://localhost:3000',
          SESSION_SECRET: 'test-secret-test-secret-test-secret',
          WEB_DIST_DIR: `${storage.dir}/no-web`,
        }),
        { db: handle, log: pino({ level: 'silent' }) },
      )
      const app = await buildApp(ctx)
      await app.ready()
      t = {
        app,
        close: async () => {
          await app.close()
          await ctx.close()
        },
      }
    }, 30_000)

    afterAll(async () => {
      await t?.close()
      await proxy?.close()
      await schema?.drop()
      await storage?.remove()
    })

    it('answers 503 (database down) while it is cut off, and ready once it is back', async () => {
      expect(await readyz(t)).toEqual({ status: 200, body: READY_ALONE })

      // connections in the pool break (idle ones too): the process must stay up and say so
      await proxy.cut()
      const down = await waitForStatus(t, 'down')
      expect(down).toEqual({
        status: 503,
        body: {
          code: 503,
          message: 'Database unavailable.',
          status: 'down',
          checks: { database: 'down', redis: 'not_configured' },
        },
      })

      await proxy.restore()
      expect(await waitForStatus(t, 'ready')).toEqual({ status: 200, body: READY_ALONE })
      expect((await t.app.inject('/v5/users/nobody_here')).statusCode).toBe(404)
    }, 30_000)
  })
}

describe('GET /readyz when the SQLite database is closed [sqlite]', () => {
  it('answers 503 with the database down', async () => {
    const t = await createTestApp('sqlite')
    try {
      // an embedded database only stops answering when its handle is gone
      await t.ctx.db.destroy()
      expect(await readyz(t)).toEqual({
        status: 503,
        body: {
          code: 503,
          message: 'Database unavailable.',
          status: 'down',
          checks: { database: 'down', redis: 'not_configured' },
        },
      })
    } finally {
      await t.close().catch(() => undefined)
    }
  })
})
