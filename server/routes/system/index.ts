import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context'
import { registry } from '../../http/metrics'
import { checkReadiness } from './readiness'

/** Liveness, readiness and Prometheus metrics: unauthenticated, outside the v5 API. */
export function registerSystemRoutes(app: FastifyInstance, ctx: AppContext) {
  const internal = { schema: { hide: true }, config: { rateLimit: false as const } }
  app.get('/healthz', internal, async () => ({ status: 'ok' }))
  // 503 only when the database is down: without Redis an instance still serves (degraded)
  app.get('/readyz', internal, async (_req, reply) => {
    const readiness = await checkReadiness(ctx)
    if (readiness.status !== 'down') return readiness
    return reply.code(503).send({ code: 503, message: 'Database unavailable.', ...readiness })
  })
  app.get('/metrics', internal, async (_req, reply) => {
    reply.header('content-type', registry.contentType)
    return registry.metrics()
  })
}
