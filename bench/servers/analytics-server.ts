/**
 * The real Corkboard server with a bench-only hook: on the bench's `record` message it makes
 * analytics events in this process (bench/analytics/events.ts) and hands them to the real
 * recorder (server/domain/analytics/recorder.ts: the synchronous `pin`/`impressions`, batched
 * flushes every ANALYTICS_FLUSH_MS) at a steady rate, while the bench reads pins over HTTP.
 * The recorder is an instance of its own, built as the context builds its own, given a clock
 * that moves on a day at every flush interval (time compressed: each flush holds one day's
 * rows, as a real one does, and the events cover as many days as there are flushes); the
 * context's recorder meanwhile counts the reads' close-ups as usual.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createAnalyticsRecorder } from '../../server/domain/analytics/recorder'
import { createEventSource } from '../analytics/events'
import { serveCorkboard } from './serve'

export interface RecordOrder {
  type: 'record'
  events: number
  seconds: number
  seed: string
}

export interface Recorded {
  type: 'recorded'
  events: number
  /** from the first event to the last */
  emitSeconds: number
  /** the days the events fell on (the last one is today) */
  days: number
  /** from the first event to the last flush's end */
  totalSeconds: number
  /** the event loop's delay while recording, ms */
  loopP99: number
  loopMax: number
  /** rows in the analytics tables afterwards */
  rows: { days: number; conversations: number; influence: number }
}

const DAY_MS = 86_400_000
const { config, ctx } = await serveCorkboard()

process.on('message', (msg: RecordOrder) => {
  if (typeof msg !== 'object' || msg?.type !== 'record') return
  record(msg).then(
    (done) => process.send?.(done),
    (err: unknown) => process.send?.({ type: 'failed', error: String(err) }),
  )
})

async function record(order: RecordOrder): Promise<Recorded> {
  const pins = await ctx.db
    .selectFrom('pins as p')
    .innerJoin('users as u', 'u.id', 'p.owner_id')
    .select(['p.id', 'p.owner_id'])
    .where('u.account_type', '=', 'BUSINESS')
    .execute()
  const actors = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('account_type', '=', 'PINNER')
    .orderBy('id')
    .limit(5000)
    .execute()
  const source = createEventSource({
    pins: pins.map((p) => ({ id: Number(p.id), ownerId: Number(p.owner_id) })),
    actors: actors.map((a) => Number(a.id)),
    total: order.events,
    seed: order.seed,
  })
  // a day per flush interval, ending today
  const dayMs = config.analyticsFlushMs
  const days = Math.max(1, Math.ceil((order.seconds * 1000) / dayMs))
  const firstDay = (Math.floor(Date.now() / DAY_MS) - (days - 1)) * DAY_MS
  // the flush timer starts with the recorder, the days with it too: a flush holds about a day
  const started = performance.now()
  const clock = () =>
    firstDay +
    Math.min(days - 1, Math.floor((performance.now() - started) / dayMs)) * DAY_MS +
    DAY_MS / 2
  const recorder = createAnalyticsRecorder({
    db: ctx.db,
    log: ctx.log,
    flushMs: config.analyticsFlushMs,
    now: clock,
  })
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  // a steady rate: every 5 ms, what is due by now
  await new Promise<void>((done) => {
    const tick = setInterval(() => {
      const due = Math.ceil((order.events * (performance.now() - started)) / (order.seconds * 1000))
      source.emitUntil(recorder, due)
      if (source.emitted() >= order.events) {
        clearInterval(tick)
        done()
      }
    }, 5)
  })
  const emitted = performance.now()
  await recorder.close()
  loop.disable()
  return {
    type: 'recorded',
    events: source.emitted(),
    emitSeconds: (emitted - started) / 1000,
    days,
    totalSeconds: (performance.now() - started) / 1000,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
    rows: {
      days: await count('analytics_pin_days'),
      conversations: await count('analytics_pin_conversations'),
      influence: await count('brand_influence'),
    },
  }
}

async function count(
  table: 'analytics_pin_days' | 'analytics_pin_conversations' | 'brand_influence',
) {
  const row = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
