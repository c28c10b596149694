import type { Redis } from 'ioredis'
import type { OutageLog } from '../outage-log'
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

/** One window's counter, counted whatever it holds: KEYS[1] the counter, ARGV[1] its length (ms). */
const COUNT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if n == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`

interface WithScripts {
  corkboardRateHit(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>
  corkboardRateCount(numKeys: number, key: string, windowMs: number): Promise<[number, number]>
}

/**
 * Limits shared by every instance through Redis: one script call (EVALSHA) per hit, whatever
 * the number of limits. `prefix` keeps each user's keys apart (e.g. `corkboard:rl:msg:`).
 * Rate limits are abuse controls, not the truth: while Redis is unreachable each instance
 * counts in memory on its own rather than refusing every request.
 */
export function createRedisRateLimiter(
  redis: Redis,
  /** where an unreachable Redis is reported: one warning per outage for the whole process */
  outage: Pick<OutageLog, 'failed'>,
  prefix = 'corkboard:rl:msg:',
): RateLimiter {
  const fallback = createMemoryRateLimiter()
  const scripts = redis as unknown as WithScripts
  redis.defineCommand('corkboardRateHit', { lua: HIT })
  redis.defineCommand('corkboardRateCount', { lua: COUNT })
  const unavailable = (err: unknown) => outage.failed('rate limits', err)
  return {
    async hit(key, limits, cost = 1) {
      try {
        const keys = limits.map((l) => `${prefix}${key}:${l.windowMs}`)
        const args = limits.flatMap((l) => [l.windowMs, l.limit])
        const wait = await scripts.corkboardRateHit(keys.length, ...keys, cost, ...args)
        return wait > 0 ? { ok: false, retryAfterMs: wait } : { ok: true }
      } catch (err) {
        unavailable(err)
        return fallback.hit(key, limits, cost)
      }
    },
    async count(key, windowMs) {
      try {
        const [count, resetInMs] = await scripts.corkboardRateCount(
          1,
          `${prefix}${key}:${windowMs}`,
          windowMs,
        )
        return { count, resetInMs }
      } catch (err) {
        unavailable(err)
        return fallback.count(key, windowMs)
      }
    },
  }
}
