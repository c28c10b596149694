import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../context'
import { RateLimitedError } from '../errors'
import { carriesCredential, verifiedUserId } from './auth'
import { clientAddressKey } from './client-address'

const WINDOW_MS = 60_000

/**
 * A route's own limit (`config.rateLimit`), `false` for none, undefined for the global one;
 * `per: 'address'` counts it per client address whatever credential comes along.
 */
type RouteLimit = { max: number; timeWindow: number; per?: 'address' } | false | undefined

const routeLimitOf = (req: FastifyRequest) =>
  (req.routeOptions.config as { rateLimit?: RouteLimit } | undefined)?.rateLimit

/**
 * Whom a request counts against: the user its credential verifiably belongs to, else its
 * address (req.ip: the peer, or X-Forwarded-For with TRUST_PROXY; an IPv6 one as its /64).
 * A made-up or revoked credential is no one, so it cannot open a fresh bucket.
 */
function callerKey(ctx: AppContext, req: FastifyRequest): string | Promise<string> {
  const byAddress = `ip:${clientAddressKey(req.ip)}`
  const own = routeLimitOf(req)
  if (own && own.per === 'address') return byAddress
  if (!carriesCredential(req)) return byAddress
  return verifiedUserId(ctx, req).then(
    (id) => (id === null ? byAddress : `u:${id}`),
    // the lookup failed (the database is away): authentication will answer for it
    () => byAddress,
  )
}

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
      keyGenerator: (req) => callerKey(ctx, req),
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

  /** Counts the request against its caller's window: the 429 to answer once it is full. */
  const count = (req: FastifyRequest, reply: FastifyReply, own: RouteLimit, caller: string) => {
    const limit = own ? own.max : max
    const windowMs = own ? own.timeWindow : WINDOW_MS
    const key = `${own ? `${req.method} ${req.routeOptions.url}` : '*'} ${caller}`
    const now = Date.now()
    let w = windows.get(key)
    if (!w || w.resetAt <= now) windows.set(key, (w = { count: 0, resetAt: now + windowMs }))
    w.count++
    const resetIn = Math.ceil((w.resetAt - now) / 1000)
    reply.header('x-ratelimit-limit', limit)
    reply.header('x-ratelimit-remaining', Math.max(0, limit - w.count))
    reply.header('x-ratelimit-reset', resetIn)
    return w.count > limit ? new RateLimitedError(resetIn, 'rate_limited') : undefined
  }

  app.addHook('onRequest', (req, reply, done) => {
    const own = routeLimitOf(req)
    if (own === false) return done()
    const caller = callerKey(ctx, req)
    // without a credential to look up, no promise: most requests stay synchronous here
    if (typeof caller === 'string') return done(count(req, reply, own, caller))
    caller.then((key) => done(count(req, reply, own, key)), done)
  })
}
