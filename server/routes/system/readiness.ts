import { sql } from 'kysely'
import type { AppContext } from '../../context'

export type CheckState = 'ok' | 'down'

export interface Readiness {
  /** ready: all is well; degraded: Redis is down (still serving); down: the database is */
  status: 'ready' | 'degraded' | 'down'
  checks: { database: CheckState; redis: CheckState | 'not_configured' }
}

/** How long a dependency may take to answer before it counts as down. */
const DATABASE_TIMEOUT_MS = 2000
const REDIS_TIMEOUT_MS = 1000

/** Resolves true when `work` succeeds within `ms`, false when it fails or takes longer. */
function within(ms: number, work: () => Promise<unknown>): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    work().then(
      () => {
        clearTimeout(timer)
        resolve(true)
      },
      () => {
        clearTimeout(timer)
        resolve(false)
      },
    )
  })
}

/**
 * The database (SQLite or PostgreSQL) and Redis, each asked once. Only the database makes an
 * instance unready: without Redis it still serves everything (cross-instance hints wait, the
 * rate limits count nowhere and let requests through, resume stays exact from the database).
 * Redis is asked on the rate limits' connection, which fails at once while it is down.
 */
export async function checkReadiness(
  ctx: Pick<AppContext, 'db' | 'rateLimitRedis'>,
): Promise<Readiness> {
  const redis = ctx.rateLimitRedis
  const [database, redisUp] = await Promise.all([
    within(DATABASE_TIMEOUT_MS, () => sql`select 1`.execute(ctx.db)),
    redis ? within(REDIS_TIMEOUT_MS, () => redis.ping()) : Promise.resolve(null),
  ])
  const checks: Readiness['checks'] = {
    database: database ? 'ok' : 'down',
    redis: redisUp === null ? 'not_configured' : redisUp ? 'ok' : 'down',
  }
  const status = !database ? 'down' : checks.redis === 'down' ? 'degraded' : 'ready'
  return { status, checks }
}
