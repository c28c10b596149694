import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { createMemoryRateLimiter, type RateLimiter } from './rate-limiter'

/**
 * One fixed window per key and window length: the first hit creates the counter with its
 * expiry, later hits count, hits past the limit are taken back; answers the count they made
 * and the window's remaining milliseconds.
 */
const HIT = `
local cost = tonumber(ARGV[2])
local n = redis.call('INCRBY', KEYS[1], cost)
if n == cost then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
if n > tonumber(ARGV[3]) then redis.call('DECRBY', KEYS[1], cost) end
return {n, ttl}
`

const PREFIX = 'corkboard:rl:msg:'
const WARN_EVERY_MS = 60_000

/**
 * The messaging limits shared by every instance through Redis (INCR + PEXPIRE in one script).
 * Rate limits are abuse controls, not the truth: while Redis is unreachable each instance
 * counts in memory on its own rather than refusing every message.
 */
export function createRedisRateLimiter(redis: Redis, log: Pick<Logger, 'warn'>): RateLimiter {
  const fallback = createMemoryRateLimiter()
  let lastWarn = 0
  return {
    async hit(key, limit, windowMs, cost = 1) {
      try {
        const [count, ttl] = (await redis.eval(
          HIT,
          1,
          `${PREFIX}${key}:${windowMs}`,
          windowMs,
          cost,
          limit,
        )) as [number, number]
        return count <= limit ? { ok: true } : { ok: false, retryAfterMs: Math.max(1, ttl) }
      } catch (err) {
        if (Date.now() - lastWarn > WARN_EVERY_MS) {
          lastWarn = Date.now()
          log.warn(
            { err: (err as Error).message },
            'redis rate limits unavailable; counting in memory',
          )
        }
        return fallback.hit(key, limit, windowMs, cost)
      }
    },
  }
}
