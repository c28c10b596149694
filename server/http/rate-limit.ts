import { hash } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../context'
import { RateLimitedError } from '../errors'
import { SESSION_COOKIE } from './auth'

const WINDOW_MS = 60_000

/** Whom a request counts against: its credential (hashed) when it has one, else its address. */
function callerKey(req: FastifyRequest): string {
  const credential = req.headers.authorization ?? req.cookies?.[SESSION_COOKIE]
  return credential ? hash('sha1', credential, 'base64') : req.ip
}

/** A route's own limit (`config.rateLimit`), `false` for none, undefined for the global one. */
type RouteLimit = { max: number; timeWindow: number } | false | undefined

/**
 * Requests per caller per minute, on every route: a global limit, and routes' own limits on
 * top (counted apart, per route). Every answer carries `x-ratelimit-limit`, `-remaining` and
 * `-reset`; past a limit, 429 with `Retry-After`.
 *
 * With Redis (several instances) the counts live there, through @fastify/rate-limit, so all
 * instances share one budget and an outage lets requests through. A single instance counts in
 * memory with a few lines of its own: the plugin's general machinery cost a quarter of the
 * time of a feed page.
 */
export async function installRateLimit(app: FastifyInstance, ctx: AppContext) {
  const max = ctx.config.rateLimitPerMinute
  if (ctx.rateLimitRedis) {
    await app.register(rateLimit, {
      global: true,
      max,
      timeWindow: WINDOW_MS,
      redis: ctx.rateLimitRedis,
      nameSpace: 'corkboard:rl:http:',
      skipOnError: true,
      keyGenerator: callerKey,
      errorResponseBuilder: (_req, context) => ({
        statusCode: 429,
        code: 429,
        message: `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s.`,
        reason: 'rate_limited',
      }),
    })
    return
  }

  /** Fixed one-minute windows, per limit and caller. */
  const windows = new Map<string, { count: number; resetAt: number }>()
  const sweep = setInterval(() => {
    const now = Date.now()
    for (const [key, w] of windows) if (w.resetAt <= now) windows.delete(key)
  }, WINDOW_MS).unref()
  app.addHook('onClose', async () => clearInterval(sweep))

  app.addHook('onRequest', (req, reply, done) => {
    const own = (req.routeOptions.config as { rateLimit?: RouteLimit } | undefined)?.rateLimit
    if (own === false) return done()
    const limit = own ? own.max : max
    const windowMs = own ? own.timeWindow : WINDOW_MS
    const key = `${own ? `${req.method} ${req.routeOptions.url}` : '*'} ${callerKey(req)}`
    const now = Date.now()
    let w = windows.get(key)
    if (!w || w.resetAt <= now) windows.set(key, (w = { count: 0, resetAt: now + windowMs }))
    w.count++
    const resetIn = Math.ceil((w.resetAt - now) / 1000)
    reply.header('x-ratelimit-limit', limit)
    reply.header('x-ratelimit-remaining', Math.max(0, limit - w.count))
    reply.header('x-ratelimit-reset', resetIn)
    done(w.count > limit ? new RateLimitedError(resetIn, 'rate_limited') : undefined)
  })
}
