import type { FastifyInstance } from 'fastify'
import client from 'prom-client'

export const registry = new client.Registry()
client.collectDefaultMetrics({ register: registry })

const httpDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
})

export function installMetrics(app: FastifyInstance) {
  // One child per (method, route, status), found by a string key: observing through labels
  // objects hashes them on every request.
  const children = new Map<string, client.Histogram.Internal<'method' | 'route' | 'status'>>()
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    const key = `${req.method} ${reply.statusCode} ${route}`
    let child = children.get(key)
    if (!child) {
      child = httpDuration.labels(req.method, route, String(reply.statusCode))
      children.set(key, child)
    }
    child.observe(reply.elapsedTime / 1000)
  })
}
