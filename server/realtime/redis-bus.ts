import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { BusEvent, EventBus } from '../domain/events'
import { createOutageLog, type OutageLog } from '../outage-log'

const CHANNEL = 'corkboard:events'
/** At most this many unsent events are kept for the publisher's reconnect (one per conversation). */
const MAX_UNSENT = 10_000

/** Events published together at most (one PUBLISH): a burst goes in several. */
const MAX_EVENTS_PER_PUBLISH = 256

/**
 * What goes over the channel: the events of one event-loop turn, in order, and the instance
 * that published them. (`event`: one alone, from an instance of the release before batches.)
 */
type Envelope = { from: string } & ({ events: BusEvent[] } | { event: BusEvent })

/**
 * Events across instances over Redis pub/sub: one publishing and one subscribing connection
 * per process. An instance hands its own events to its own subscribers directly, Redis or not,
 * and ignores their echo from the channel; only other instances wait for Redis, which gets the
 * events of one event-loop turn in one message. Pub/sub is only a hint that something is
 * committed — the database stays the truth — so a publish that fails is logged, not thrown:
 * receivers backfill the gap from the database when the next event of that conversation
 * arrives, and every receiver re-checks all of its sockets when the subscription comes back
 * after an outage (`onResume`). While the subscription is down (`onOutage` tells when it goes),
 * other instances' events are not coming, and nothing should wait for them.
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
  /** shared with the other Redis connections of the process: one warning per outage */
  outage: OutageLog = createOutageLog(log, 'redis'),
): EventBus & {
  onResume(fn: () => void): () => void
  onOutage(fn: () => void): () => void
  ready(): Promise<void>
} {
  const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }
  // No auto-pipelining: a turn's events already go in one PUBLISH (publishInTurn), and its
  // per-command pipelines cost CPU and, measured at 2,000 sends/s, doubled what the young
  // generation promoted to the old one (770 against 380 KB a scavenge), so a mark-compact —
  // a pause of 4–15 ms — came twice as often
  const pub = new Redis(url, options)
  const sub = new Redis(url, { ...options, enableOfflineQueue: true })
  const subscribers = new Set<(event: BusEvent) => void>()
  const resumers = new Set<() => void>()
  const outageListeners = new Set<() => void>()
  let wasDown = false
  const unsent = new Map<string, BusEvent>()
  const instance = randomUUID()
  /** how this instance's envelopes begin: written so, and so known again in their echo */
  const ownPrefix = `{"from":${JSON.stringify(instance)},"events":[`

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

  function deliverHere(event: BusEvent) {
    for (const fn of subscribers) {
      try {
        fn(event)
      } catch (err) {
        log.error({ err }, 'redis bus subscriber failed')
      }
    }
  }

  /** An event as the other instances get it: a new message's `preceding` is this one's own. */
  const wire = (event: BusEvent) =>
    event.type === 'message.created' && event.preceding ? { ...event, preceding: undefined } : event

  /** One PUBLISH of `events`; what fails is kept for the publisher's return. */
  async function publishOne(events: BusEvent[]): Promise<boolean> {
    try {
      // the text JSON.stringify({ from: instance, events } satisfies Envelope) gives
      let text = ownPrefix
      for (let i = 0; i < events.length; i++)
        text += (i ? ',' : '') + JSON.stringify(wire(events[i]!))
      await pub.publish(CHANNEL, `${text}]}`)
      outage.recovered('publisher')
      return true
    } catch (err) {
      outage.failed('publisher', err)
      for (const event of events) keepUnsent(event)
      return false
    }
  }

  /**
   * To the other instances, in order, up to MAX_EVENTS_PER_PUBLISH events per message: Redis
   * and every subscriber of the channel handle one message, not one per send of a busy turn.
   */
  async function publishAll(events: BusEvent[]): Promise<boolean> {
    const sent: Promise<boolean>[] = []
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_PUBLISH) {
      sent.push(publishOne(events.slice(i, i + MAX_EVENTS_PER_PUBLISH)))
    }
    return (await Promise.all(sent)).every(Boolean)
  }

  // the events of this turn, published together once it is over (setImmediate: after every
  // send of a committed batch has announced its message)
  let turn: BusEvent[] = []
  let turnDone: Promise<boolean> | null = null
  function publishInTurn(event: BusEvent): Promise<boolean> {
    turn.push(event)
    turnDone ??= new Promise<boolean>((resolve) =>
      setImmediate(() => {
        const events = turn
        turn = []
        turnDone = null
        void publishAll(events).then(resolve)
      }),
    )
    return turnDone
  }

  let flushing = false
  async function flushUnsent() {
    if (flushing || unsent.size === 0) return
    flushing = true
    try {
      const events = [...unsent.values()]
      unsent.clear()
      log.info({ events: events.length }, 'redis bus: publishing the events an outage held back')
      // what fails again is kept again, every chunk of it
      await publishAll(events)
    } finally {
      flushing = false
    }
  }

  for (const [name, client] of [
    ['publisher', pub],
    ['subscriber', sub],
  ] as const) {
    client.on('error', (err) => outage.failed(name, err))
    client.on('ready', () => outage.recovered(name))
  }
  pub.on('ready', () => void flushUnsent())
  sub.on('close', () => {
    if (wasDown) return
    wasDown = true
    for (const fn of outageListeners) fn()
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
    // this instance's own event, delivered here when it was published: not even parsed
    if (payload.startsWith(ownPrefix)) return
    let envelope: Envelope | BusEvent
    try {
      envelope = JSON.parse(payload) as Envelope | BusEvent
    } catch {
      log.warn('redis bus: dropped a malformed event')
      return
    }
    // during an upgrade: a bare event (the release before envelopes), or one alone in its
    // envelope (the release before batches)
    if ('events' in envelope) {
      if (Array.isArray(envelope.events)) for (const event of envelope.events) deliverHere(event)
    } else if ('event' in envelope) deliverHere(envelope.event)
    else deliverHere(envelope)
  })

  return {
    async publish(event) {
      deliverHere(event)
      if ((await publishInTurn(event)) && unsent.size > 0) void flushUnsent()
    },
    subscribe(fn) {
      subscribers.add(fn)
      return () => subscribers.delete(fn)
    },
    onResume(fn) {
      resumers.add(fn)
      return () => resumers.delete(fn)
    },
    onOutage(fn) {
      outageListeners.add(fn)
      return () => outageListeners.delete(fn)
    },
    async ready() {
      if (sub.status !== 'ready') await new Promise((r) => sub.once('ready', r))
      await sub.subscribe(CHANNEL)
    },
    async close() {
      subscribers.clear()
      resumers.clear()
      outageListeners.clear()
      unsent.clear()
      pub.disconnect()
      sub.disconnect()
    },
  }
}
