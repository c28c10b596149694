import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { BusEvent, EventBus } from './bus'

const CHANNEL = 'corkboard:events'
/** At most this many unsent events are kept for the publisher's reconnect (one per conversation). */
const MAX_UNSENT = 10_000

/**
 * Events across instances over Redis pub/sub: one publishing and one subscribing connection
 * per process. Pub/sub is only a hint that something is committed — the database stays the
 * truth — so a publish that fails is logged, not thrown: receivers backfill the gap from the
 * database when the next event of that conversation arrives, and every receiver re-checks
 * all of its sockets when the subscription comes back after an outage (`onResume`).
 *
 * That re-check only covers the subscriber's own outage. When the publisher's connection is
 * the one down (it reconnects later than the subscribers, or alone), a conversation's last
 * events would stay unknown until its next message; so the latest unsent `message.created`
 * and `conversation.updated` of each conversation are kept and published again once the
 * publisher is back (a hint names the newest seq; receivers backfill what lies before it).
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
  const unsent = new Map<string, BusEvent>()

  function keepUnsent(event: BusEvent) {
    if (event.type === 'message.created') {
      const key = `m:${event.conversation_id}`
      const prior = unsent.get(key)
      if (prior?.type === 'message.created' && prior.seq >= event.seq) return
      unsent.delete(key)
      unsent.set(key, event)
    } else if (event.type === 'conversation.updated') {
      const key = `c:${event.conversation_id}`
      const prior = unsent.get(key)
      const memberIds = prior?.type === 'conversation.updated' ? prior.member_ids : []
      unsent.delete(key)
      unsent.set(key, { ...event, member_ids: [...new Set([...memberIds, ...event.member_ids])] })
    } else if (event.type === 'cache.stale') {
      // other instances may hold any of its keys: once back, tell them to drop everything
      unsent.set(`s:${event.cache}`, { type: 'cache.stale', cache: event.cache, keys: null })
    } else if (event.type === 'credentials.revoked') {
      // sockets it ends must not stay open: kept (merged per user) and never pushed out
      const key = `r:${event.user_id}`
      const prior = unsent.get(key)
      const merge = <T>(a: T[] | null | undefined, b: T[] | null) =>
        a === null || b === null ? null : [...new Set([...(a ?? []), ...b])]
      const was = prior?.type === 'credentials.revoked' ? prior : undefined
      unsent.set(key, {
        ...event,
        session_hashes: merge(was?.session_hashes, event.session_hashes),
        token_ids: merge(was?.token_ids, event.token_ids),
      })
    } else return // typing, read markers, pin counts: ephemeral
    if (unsent.size > MAX_UNSENT) {
      for (const key of unsent.keys()) {
        if (key.startsWith('r:')) continue
        unsent.delete(key)
        break
      }
    }
  }

  async function publish(event: BusEvent): Promise<boolean> {
    try {
      await pub.publish(CHANNEL, JSON.stringify(event))
      return true
    } catch (err) {
      log.warn({ err: (err as Error).message, type: event.type }, 'redis publish failed')
      keepUnsent(event)
      return false
    }
  }

  let flushing = false
  async function flushUnsent() {
    if (flushing || unsent.size === 0) return
    flushing = true
    try {
      const events = [...unsent.values()]
      unsent.clear()
      log.info({ events: events.length }, 'redis bus: publishing the events an outage held back')
      for (const event of events) if (!(await publish(event))) break
    } finally {
      flushing = false
    }
  }

  for (const [name, client] of [
    ['publisher', pub],
    ['subscriber', sub],
  ] as const) {
    client.on('error', (err) => log.warn({ err: err.message, client: name }, 'redis bus error'))
  }
  pub.on('ready', () => void flushUnsent())
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
      if ((await publish(event)) && unsent.size > 0) void flushUnsent()
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
      unsent.clear()
      pub.disconnect()
      sub.disconnect()
    },
  }
}
