import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BusEvent } from '../../server/domain/events'
import { createRedisBus } from '../../server/realtime/redis-bus'
import { REDIS_AVAILABLE, startPrivateRedis, type PrivateRedis } from '../support/redis'
import { sleep, waitFor } from '../support/wait'

/**
 * The bus between instances (realtime/redis-bus.ts), on a real Redis: an instance's events
 * reach its own subscribers at once and exactly once (their echo from the channel is dropped),
 * and the other instance's subscribers once each, in the order they were published, also when
 * a whole turn's events go to Redis together.
 */
describe.skipIf(!REDIS_AVAILABLE)('the Redis bus', () => {
  let redis: PrivateRedis
  let a: ReturnType<typeof createRedisBus>
  let b: ReturnType<typeof createRedisBus>
  const log = pino({ level: 'silent' })

  beforeAll(async () => {
    redis = await startPrivateRedis()
    a = createRedisBus(redis.url, log)
    b = createRedisBus(redis.url, log)
    await Promise.all([a.ready(), b.ready()])
  })

  afterAll(async () => {
    await a?.close()
    await b?.close()
    await redis?.stop()
  })

  const typing = (n: number): BusEvent => ({
    type: 'typing',
    conversation_id: 1,
    user_id: n,
    username: `u${n}`,
    member_ids: [1, 2],
  })
  const users = (events: BusEvent[]) =>
    events.map((e) => (e.type === 'typing' ? e.user_id : e.type))

  it("a turn's events: here at once and once, there once each and in order", async () => {
    const onA: BusEvent[] = []
    const onB: BusEvent[] = []
    const offA = a.subscribe((e) => onA.push(e))
    const offB = b.subscribe((e) => onB.push(e))
    try {
      // published in one turn: one write to Redis
      const published = Promise.all(Array.from({ length: 50 }, (_, i) => a.publish(typing(i))))
      expect(users(onA)).toEqual(Array.from({ length: 50 }, (_, i) => i))
      await published
      await waitFor("A's 50 events on B", () => onB.length >= 50)
      expect(users(onB)).toEqual(Array.from({ length: 50 }, (_, i) => i))
      // and B's own, after A's echo had every chance to come back
      await b.publish(typing(100))
      await waitFor("B's event on A", () => onA.length >= 51)
      await sleep(100)
      expect(users(onA)).toEqual([...Array.from({ length: 50 }, (_, i) => i), 100])
      expect(users(onB)).toEqual([...Array.from({ length: 50 }, (_, i) => i), 100])
    } finally {
      offA()
      offB()
    }
  })
})
