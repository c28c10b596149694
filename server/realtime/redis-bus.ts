import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { BusEvent, EventBus } from './bus'

const CHANNEL = 'corkboard:events'

/**
 * Events across instances over Redis pub/sub: one publishing and one subscribing connection
 * per process. Pub/sub is only a hint that something is committed — the database stays the
 * truth — so a publish that fails is logged, not thrown: receivers backfill the gap from the
 * database when the next event of that conversation arrives, and every receiver re-checks
 * all of its sockets when the subscription comes back after an outage (`onResume`).
 */
export function createRedisBus(
  url: string,
  log: Logger,
): EventBus & {
  onResume(fn: () => void): () => void
  ready(): Promise<void>
} {
  const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }
  const pub = new Redis(url, options)
  const sub = new Redis(url, { ...options, enableOfflineQueue: true })
  const subscribers = new Set<(event: BusEvent) => void>()
  const resumers = new Set<() => void>()
  let wasDown = false

  for (const [name, client] of [
    ['publisher', pub],
    ['subscriber', sub],
  ] as const) {
    client.on('error', (err) => log.warn({ err: err.message, client: name }, 'redis bus error'))
  }
  sub.on('close', () => {
    wasDown = true
  })
  sub.on('ready', () => {
    void sub.subscribe(CHANNEL).then(() => {
      if (!wasDown) return
      wasDown = false
      log.info('redis bus resumed: re-checking sockets for missed events')
      for (const fn of resumers) fn()
    })
  })
  sub.on('message', (_channel: string, payload: string) => {
    let event: BusEvent
    try {
      event = JSON.parse(payload) as BusEvent
    } catch {
      log.warn('redis bus: dropped a malformed event')
      return
    }
    for (const fn of subscribers) {
      try {
        fn(event)
      } catch (err) {
        log.error({ err }, 'redis bus subscriber failed')
      }
    }
  })

  return {
    async publish(event) {
      try {
        await pub.publish(CHANNEL, JSON.stringify(event))
      } catch (err) {
        log.warn({ err: (err as Error).message, type: event.type }, 'redis publish failed')
      }
    },
    subscribe(fn) {
      subscribers.add(fn)
      return () => subscribers.delete(fn)
    },
    onResume(fn) {
      resumers.add(fn)
      return () => resumers.delete(fn)
    },
    async ready() {
      if (sub.status !== 'ready') await new Promise((r) => sub.once('ready', r))
      await sub.subscribe(CHANNEL)
    },
    async close() {
      subscribers.clear()
      resumers.clear()
      pub.disconnect()
      sub.disconnect()
    },
  }
}
