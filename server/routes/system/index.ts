import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AppContext } from '../../context'
import { registry } from '../../http/metrics'

/** Liveness, readiness and Prometheus metrics: unauthenticated, outside the v5 API. */
export function registerSystemRoutes(app: FastifyInstance, ctx: AppContext) {
  const internal = { schema: { hide: true }, config: { rateLimit: false as const } }
  app.get('/healthz', internal, async () => ({ status: 'ok' }))
  app.get('/readyz', internal, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db)
      return { status: 'ready' }
    } catch {
      return reply.code(503).send({ code: 503, message: 'Database unavailable.' })
    }
  })
  app.get('/metrics', internal, async (_req, reply) => {
    reply.header('content-type', registry.contentType)
    return registry.metrics()
  })
}
