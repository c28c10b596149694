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
      expect(await limiter.hit(key, 5, 60_000, 3)).toEqual({ ok: true })
      const refused = await limiter.hit(key, 5, 60_000, 3)
      expect(refused.ok).toBe(false)
      expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(50_000)
      // the refusal took nothing: two more still fit, then none
      expect(await limiter.hit(key, 5, 60_000, 2)).toEqual({ ok: true })
      expect((await limiter.hit(key, 5, 60_000)).ok).toBe(false)
      // another key and another window count apart
      expect(await limiter.hit(`${key}-other`, 5, 60_000)).toEqual({ ok: true })
      expect(await limiter.hit(key, 5, 30_000, 5)).toEqual({ ok: true })
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
