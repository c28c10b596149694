import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../context'
import { RateLimitedError } from '../errors'
import type { WindowCount } from '../limits/rate-limiter'
import { carriesCredential, verifiedUserId } from './auth'
import { clientAddressKey } from './client-address'

const WINDOW_MS = 60_000

/**
 * A route's own limit (`config.rateLimit`), `false` for none, undefined for the global one;
 * `per: 'address'` counts it per client address whatever credential comes along.
 */
type RouteLimit = { max: number; timeWindow: number; per?: 'address' } | false | undefined

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimit?: RouteLimit
  }
}

const routeLimitOf = (req: FastifyRequest): RouteLimit => req.routeOptions.config?.rateLimit

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
 * The counts live in the shared rate limiter (server/limits): in Redis when there is one, so
 * all instances share one budget and an outage counts per instance rather than refusing; else
 * in memory, where a request without a credential to look up takes no promise at all.
 */
export async function installRateLimit(app: FastifyInstance, ctx: AppContext) {
  const max = ctx.config.rateLimitPerMinute
  const limiter = ctx.httpLimiter

  /** The answer to a request counted in its window: the 429 once the window is full. */
  const answer = (reply: FastifyReply, limit: number, { count, resetInMs }: WindowCount) => {
    const resetIn = Math.ceil(resetInMs / 1000)
    reply.header('x-ratelimit-limit', limit)
    reply.header('x-ratelimit-remaining', Math.max(0, limit - count))
    reply.header('x-ratelimit-reset', resetIn)
    return count > limit ? new RateLimitedError(resetIn, 'rate_limited') : undefined
  }

  const count = (
    req: FastifyRequest,
    reply: FastifyReply,
    own: RouteLimit,
    caller: string,
    done: (err?: Error) => void,
  ) => {
    const limit = own ? own.max : max
    const key = `${own ? `${req.method} ${req.routeOptions.url}` : '*'} ${caller}`
    const counted = limiter.count(key, own ? own.timeWindow : WINDOW_MS)
    if (!(counted instanceof Promise)) return done(answer(reply, limit, counted))
    counted.then((c) => done(answer(reply, limit, c)), done)
  }

  app.addHook('onRequest', (req, reply, done) => {
    const own = routeLimitOf(req)
    if (own === false) return done()
    const caller = callerKey(ctx, req)
    // without a credential to look up, no promise: most requests stay synchronous here
    if (typeof caller === 'string') return count(req, reply, own, caller, done)
    caller.then((key) => count(req, reply, own, key, done), done)
  })
}
