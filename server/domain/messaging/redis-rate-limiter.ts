import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { createMemoryRateLimiter, type RateLimiter } from './rate-limiter'

/**
 * Fixed windows, all of one key's at once. KEYS: a counter per window; ARGV: the cost, then
 * each window's length (ms) and limit. When the cost fits under every limit, counts it in every
 * window (a new counter gets its expiry) and answers 0; otherwise counts nothing and answers
 * the milliseconds until the fullest window frees up.
 */
const HIT = `
local cost = tonumber(ARGV[1])
local wait = 0
for i = 1, #KEYS do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n + cost > tonumber(ARGV[2 * i + 1]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then ttl = tonumber(ARGV[2 * i]) end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i = 1, #KEYS do
  if redis.call('INCRBY', KEYS[i], cost) == cost or redis.call('PTTL', KEYS[i]) < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
  end
end
return 0
`

interface WithRateHit {
  corkboardRateHit(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>
}

const PREFIX = 'corkboard:rl:msg:'
const WARN_EVERY_MS = 60_000

/**
 * The messaging limits shared by every instance through Redis: one script call (EVALSHA) per
 * hit, whatever the number of limits.
 * Rate limits are abuse controls, not the truth: while Redis is unreachable each instance
 * counts in memory on its own rather than refusing every message.
 */
export function createRedisRateLimiter(redis: Redis, log: Pick<Logger, 'warn'>): RateLimiter {
  const fallback = createMemoryRateLimiter()
  let lastWarn = 0
  redis.defineCommand('corkboardRateHit', { lua: HIT })
  return {
    async hit(key, limits, cost = 1) {
      try {
        const keys = limits.map((l) => `${PREFIX}${key}:${l.windowMs}`)
        const args = limits.flatMap((l) => [l.windowMs, l.limit])
        const wait = await (redis as unknown as WithRateHit).corkboardRateHit(
          keys.length,
          ...keys,
          cost,
          ...args,
        )
        return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true }
      } catch (err) {
        if (Date.now() - lastWarn > WARN_EVERY_MS) {
          lastWarn = Date.now()
          log.warn(
            { err: (err as Error).message },
            'redis rate limits unavailable; counting in memory',
          )
        }
        return fallback.hit(key, limits, cost)
      }
    },
  }
}
