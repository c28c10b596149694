import type { Logger } from 'pino'
import { batchPartRows } from '../../db/batch-upsert'
import type { Db } from '../../db/database'
import {
  emptyBatch as empty,
  INFLUENCE,
  INFLUENCE_COLUMNS,
  PIN_METRICS,
  splitBatch,
  writeBatch,
  zeroCounts,
  type DistinctRow,
  type InfluenceColumn,
  type Pending,
  type PinMetric,
} from './writer'

export { PIN_METRICS, type PinMetric } from './writer'

export interface PinEvent {
  pinId: number
  ownerId: number
  /** who did it (null: an anonymous visitor): nothing is counted when it is the pin's owner */
  actorId: number | null
  metric: PinMetric
  /** message_sends: the conversation it was sent in (distinct conversations) */
  conversationId?: number
  /** invites_sent: the member who invited (distinct inviters, the viral factor) */
  inviterId?: number
  /** the member credited in brand_influence (a message's sender, an invite's inviter) */
  creditUserId?: number
}

/** The synchronous, in-memory half: what recording points call (never awaits anything). */
export interface AnalyticsSink {
  pin(event: PinEvent): void
  /** pins served to a viewer (null: anonymous) in a feed, board, search or conversation page */
  impressions(viewerId: number | null, pins: readonly { id: number; ownerId: number }[]): void
}

export interface AnalyticsRecorder extends AnalyticsSink {
  /** Writes what is pending (in parts, a transaction each: a few hundred rows on SQLite, the whole batch on PostgreSQL); what a failed part and those after it held is kept for the next one. */
  flush(): Promise<void>
  /** Stops the timer and flushes what is left (before the database closes). */
  close(): Promise<void>
  /** events recorded and not yet written */
  pendingCount(): number
}

const DAY_MS = 86_400_000

/**
 * Analytics counted as events happen. Recording is a map increment in memory (the request
 * that causes it never waits on the database); every `flushMs` what is pending is written in
 * batched upserts (`x = x + excluded.x`; insert-or-ignore for the distinct conversations and
 * inviters), in parts of a transaction each (`batchPartRows`), and once more on close. A part that fails
 * puts its counts and the later parts' back for the next flush; a restart loses at most what
 * the last interval held, and since every part is written once, in its own transaction, and
 * dropped from memory only once committed, nothing is counted twice. Only the pins of
 * business accounts are kept (decided at the flush: recording never reads the database).
 */
export function createAnalyticsRecorder(deps: {
  db: Db
  log?: Pick<Logger, 'warn' | 'error'>
  flushMs?: number
  /** the clock (tests) */
  now?: () => number
}): AnalyticsRecorder {
  const { db, log } = deps
  const now = deps.now ?? Date.now
  let pending = empty()
  let running: Promise<void> | null = null
  let closed = false

  // the UTC day, recomputed only when the clock passes midnight
  let dayEnds = 0
  let dayText = ''
  function today(): string {
    const t = now()
    if (t >= dayEnds || t < dayEnds - DAY_MS) {
      dayText = new Date(t).toISOString().slice(0, 10)
      dayEnds = Math.floor(t / DAY_MS) * DAY_MS + DAY_MS
    }
    return dayText
  }

  function bump(pinId: number, ownerId: number, day: string, metric: PinMetric, n: number) {
    const key = `${pinId}|${day}`
    let row = pending.days.get(key)
    if (!row) {
      row = { pinId, ownerId, day, counts: zeroCounts(PIN_METRICS) }
      pending.days.set(key, row)
    }
    row.counts[metric] += n
    pending.events += n
  }

  function distinct(
    map: Map<string, DistinctRow>,
    pinId: number,
    ownerId: number,
    day: string,
    other: number,
  ) {
    const key = `${pinId}|${day}|${other}`
    if (!map.has(key)) map.set(key, { pinId, ownerId, day, other })
  }

  const sink: AnalyticsSink = {
    pin(e) {
      if (e.actorId === e.ownerId) return
      const day = today()
      bump(e.pinId, e.ownerId, day, e.metric, 1)
      if (e.metric === 'message_sends' && e.conversationId !== undefined) {
        distinct(pending.conversations, e.pinId, e.ownerId, day, e.conversationId)
      }
      if (e.metric === 'invites_sent' && e.inviterId !== undefined) {
        distinct(pending.inviters, e.pinId, e.ownerId, day, e.inviterId)
      }
      const column = (INFLUENCE as Partial<Record<PinMetric, InfluenceColumn>>)[e.metric]
      if (column && e.creditUserId !== undefined && e.creditUserId !== e.ownerId) {
        const key = `${e.ownerId}|${e.creditUserId}`
        let row = pending.influence.get(key)
        if (!row) {
          row = {
            brandId: e.ownerId,
            userId: e.creditUserId,
            counts: zeroCounts(INFLUENCE_COLUMNS),
          }
          pending.influence.set(key, row)
        }
        row.counts[column] += 1
      }
    },
    impressions(viewerId, pins) {
      if (pins.length === 0) return
      const day = today()
      for (const p of pins) if (p.ownerId !== viewerId) bump(p.id, p.ownerId, day, 'impressions', 1)
    },
  }

  /** Puts a failed batch's counts back in front of what came since. */
  function restore(batch: Pending) {
    const later = pending
    pending = batch
    for (const row of later.days.values()) {
      for (const m of PIN_METRICS)
        if (row.counts[m]) bump(row.pinId, row.ownerId, row.day, m, row.counts[m])
    }
    for (const r of later.conversations.values())
      distinct(pending.conversations, r.pinId, r.ownerId, r.day, r.other)
    for (const r of later.inviters.values())
      distinct(pending.inviters, r.pinId, r.ownerId, r.day, r.other)
    for (const [key, r] of later.influence) {
      const mine = pending.influence.get(key)
      if (!mine) pending.influence.set(key, r)
      else for (const c of INFLUENCE_COLUMNS) mine.counts[c] += r.counts[c]
    }
  }

  async function flushOnce() {
    const batch = pending
    if (
      batch.days.size === 0 &&
      batch.influence.size === 0 &&
      batch.conversations.size === 0 &&
      batch.inviters.size === 0
    ) {
      return
    }
    pending = empty()
    const parts = splitBatch(batch, batchPartRows(db))
    for (let i = 0; i < parts.length; i++) {
      try {
        // the server's requests go first between two parts
        if (i > 0) await new Promise((resolve) => setImmediate(resolve))
        await writeBatch(db, parts[i]!)
      } catch (err) {
        // what is written stays written (counted once); the rest is kept for the next flush
        for (const rest of parts.slice(i)) restore(rest)
        log?.warn({ err, events: batch.events }, 'analytics flush failed; kept for the next one')
        throw err
      }
    }
  }

  /** One flush at a time; a flush asked for during one runs after it. */
  function flush(): Promise<void> {
    const next = (running ?? Promise.resolve()).catch(() => undefined).then(flushOnce)
    const mine = next.finally(() => {
      if (running === mine) running = null
    })
    running = mine
    return mine
  }

  const timer =
    deps.flushMs && deps.flushMs > 0
      ? setInterval(() => {
          if (!closed) flush().catch(() => undefined)
        }, deps.flushMs)
      : null
  timer?.unref()

  return {
    ...sink,
    flush,
    pendingCount: () => pending.events,
    async close() {
      if (closed) return
      closed = true
      if (timer) clearInterval(timer)
      try {
        await flush()
      } catch (err) {
        log?.error(
          { err, events: pending.events },
          'analytics: the last flush failed; these counts are lost',
        )
      }
    },
  }
}
