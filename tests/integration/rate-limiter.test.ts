import { Redis } from 'ioredis'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createMemoryRateLimiter,
  type RateLimiter,
} from '../../server/domain/messaging/rate-limiter'
import { createRedisRateLimiter } from '../../server/domain/messaging/redis-rate-limiter'
import { REDIS_AVAILABLE, startPrivateRedis, type PrivateRedis } from '../support/redis'

/** The same rules for the in-memory and the Redis limiter: what fits counts, a refusal not. */
function limiterRules(name: string, make: () => RateLimiter) {
  describe(`${name} rate limiter`, () => {
    it('counts hits of any cost while they fit, and refuses one that would not without counting it', async () => {
      const limiter = make()
      const key = `k-${Math.random()}`
      const five = [{ limit: 5, windowMs: 60_000 }]
      expect(await limiter.hit(key, five, 3)).toEqual({ ok: true })
      const refused = await limiter.hit(key, five, 3)
      expect(refused.ok).toBe(false)
      expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(50_000)
      // the refusal took nothing: two more still fit, then none
      expect(await limiter.hit(key, five, 2)).toEqual({ ok: true })
      expect((await limiter.hit(key, five)).ok).toBe(false)
      // another key and another window count apart
      expect(await limiter.hit(`${key}-other`, five)).toEqual({ ok: true })
      expect(await limiter.hit(key, [{ limit: 5, windowMs: 30_000 }], 5)).toEqual({ ok: true })
    })

    it('counts in every window of a key or in none', async () => {
      const limiter = make()
      const key = `k-${Math.random()}`
      const burst = { limit: 2, windowMs: 10_000 }
      const hourly = { limit: 3, windowMs: 3_600_000 }
      expect(await limiter.hit(key, [burst, hourly])).toEqual({ ok: true })
      expect(await limiter.hit(key, [burst, hourly])).toEqual({ ok: true })
      // the burst is full: refused, and the hourly window keeps its 2
      const refused = await limiter.hit(key, [burst, hourly])
      expect(refused.ok).toBe(false)
      expect(!refused.ok && refused.retryAfterMs).toBeLessThanOrEqual(10_000)
      expect(await limiter.hit(key, [hourly])).toEqual({ ok: true })
      // now the hourly one is full too: the answer waits for the later of the two
      const both = await limiter.hit(key, [burst, hourly])
      expect(!both.ok && both.retryAfterMs).toBeGreaterThan(10_000)
    })
  })
}

limiterRules('in-memory', () => createMemoryRateLimiter())

describe.runIf(REDIS_AVAILABLE)('with Redis', () => {
  let server: PrivateRedis
  let redis: Redis
  beforeAll(async () => {
    server = await startPrivateRedis()
    redis = new Redis(server.url)
  })
  afterAll(async () => {
    redis.disconnect()
    await server.stop()
  })
  limiterRules('Redis', () => createRedisRateLimiter(redis, pino({ level: 'silent' })))
})
