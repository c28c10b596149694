import { Redis } from 'ioredis'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryRateLimiter, type RateLimiter } from '../../server/limits/rate-limiter'
import { createRedisRateLimiter } from '../../server/limits/redis-rate-limiter'
import {
  createMemoryLoginThrottleStore,
  createRedisLoginThrottleStore,
  DEFAULT_LOGIN_THROTTLE,
  type LoginThrottleOptions,
  type LoginThrottleStore,
} from '../../server/domain/accounts/login-throttle'
import { REDIS_AVAILABLE, startPrivateRedis, type PrivateRedis } from '../support/redis'
import { createOutageLog } from '../../server/outage-log'

const silentOutages = createOutageLog(pino({ level: 'silent' }), 'redis')

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

const THROTTLE: LoginThrottleOptions = {
  ...DEFAULT_LOGIN_THROTTLE,
  freePerAccount: 3,
  freePerAddress: 5,
  firstDelayMs: 1000,
  maxDelayMs: 4000,
}

/** The same rules for the in-memory and the Redis log-in throttle. */
function throttleRules(
  name: string,
  make: () => LoginThrottleStore,
  /** lets the time pass: a fake clock's, or the real one's */
  pass: (ms: number) => Promise<void>,
) {
  describe(`${name} log-in throttle`, () => {
    const keys = () => ({ account: `acct-${Math.random()}`, address: `ip-${Math.random()}` })

    it('lets exactly the free attempts through a concurrent burst, and counts nothing refused', async () => {
      const store = make()
      const k = keys()
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) => store.attempt({ ...k, address: `${k.address}-${i}` })),
      )
      expect(burst.filter((wait) => wait === 0)).toHaveLength(THROTTLE.freePerAccount)
      for (const wait of burst.filter((w) => w > 0)) expect(wait).toBeLessThanOrEqual(1000)
    })

    it('doubles the delay after each further failure, up to the cap', async () => {
      const store = make()
      const k = keys()
      for (let i = 0; i < THROTTLE.freePerAccount; i++) expect(await store.attempt(k)).toBe(0)
      const waits: number[] = []
      for (let i = 0; i < 3; i++) {
        const wait = await store.attempt(k)
        waits.push(wait)
        await pass(wait + 20)
        expect(await store.attempt(k)).toBe(0)
      }
      expect(waits[0]).toBeGreaterThan(800)
      expect(waits[0]).toBeLessThanOrEqual(1000)
      expect(waits[1]).toBeGreaterThan(1800)
      expect(waits[1]).toBeLessThanOrEqual(2000)
      // 8 s, capped at 4
      expect(waits[2]).toBeGreaterThan(3800)
      expect(waits[2]).toBeLessThanOrEqual(4000)
    }, 20_000)

    it('a success clears the account and gives the address its attempt back', async () => {
      const store = make()
      const k = keys()
      for (let i = 0; i < THROTTLE.freePerAccount - 1; i++) expect(await store.attempt(k)).toBe(0)
      expect(await store.attempt(k)).toBe(0)
      await store.succeeded(k)
      // the account starts afresh...
      for (let i = 0; i < THROTTLE.freePerAccount - 1; i++) expect(await store.attempt(k)).toBe(0)
      // ...and the address, 3 counted, 1 given back, 2 more: one more before its own delay
      const other = { account: `acct-${Math.random()}`, address: k.address }
      expect(await store.attempt(other)).toBe(0)
      expect(await store.attempt(other)).toBeGreaterThan(0)
    })
  })
}

{
  let now = 1_000_000
  throttleRules(
    'in-memory',
    () => createMemoryLoginThrottleStore(THROTTLE, () => now),
    async (ms) => void (now += ms),
  )
  it('in-memory log-in throttle: counts are forgotten a while after the last attempt', async () => {
    const store = createMemoryLoginThrottleStore(THROTTLE, () => now)
    const k = { account: 'forgetful', address: 'somewhere' }
    for (let i = 0; i < THROTTLE.freePerAccount; i++) await store.attempt(k)
    now += THROTTLE.forgetAfterMs + 1
    for (let i = 0; i < THROTTLE.freePerAccount; i++) expect(await store.attempt(k)).toBe(0)
  })
}

it('Redis log-in throttle: while Redis is unreachable it counts in memory, never failing the log-in', async () => {
  const away = new Redis('redis://127.0.0.1:1', {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  away.on('error', () => {})
  const store = createRedisLoginThrottleStore(away, silentOutages, THROTTLE)
  const k = { account: 'offline', address: 'somewhere' }
  for (let i = 0; i < THROTTLE.freePerAccount; i++) expect(await store.attempt(k)).toBe(0)
  expect(await store.attempt(k)).toBeGreaterThan(0)
  await store.succeeded(k)
  expect(await store.attempt(k)).toBe(0)
  away.disconnect()
})

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
  limiterRules('Redis', () => createRedisRateLimiter(redis, silentOutages))
  throttleRules(
    'Redis',
    () => createRedisLoginThrottleStore(redis, silentOutages, THROTTLE),
    (ms) => new Promise((r) => setTimeout(r, ms)),
  )
})
