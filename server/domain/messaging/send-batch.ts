import { CompiledQuery } from 'kysely'
import type { Db } from '../../db/database'
import { isUniqueViolation } from '../../db/dialect'
import { runPrepared } from '../../db/prepared'
import { AppError, storageFullFrom } from '../../errors'
import type { AnalyticsSink } from '../analytics/recorder'
import { createdMessage } from '../events'
import type { Units } from '../unit'
import type { Content } from './content'
import type { MessageRow } from './message-repository'
import { outcomesOf, type BatchOutcome, type FunctionRow } from './send-outcomes'

export type { BatchOutcome } from './send-outcomes'

export const SEND_QUEUE_MAX_DEFAULT = 2000

/**
 * A call's fixed cost is most of it (about 400 µs of PostgreSQL CPU, then about 110 µs per
 * send; measured call after call), so at a high rate a call waits 2 ms for more sends to join
 * it: at 1,000 sends/s on one instance of a slow host, 3.3–3.9 sends a call instead of 2.1–3.0
 * and PostgreSQL CPU per send 208–294 µs instead of 372–414, at about the same median latency;
 * on a fast host at 2,500 sends/s, 25 µs less per send for 2 ms more of median latency
 * (docs/performance-history.md). A send at a lower rate leaves at once.
 */
const LINGER = { rate: 250, ms: 2 }
/** sends that make a lingering call leave at once */
const LINGER_UNTIL = 16

/** Refused, not dropped: the client tries again in a moment (its outbox does). */
export const overloaded = () =>
  new AppError(
    429,
    'Messages are arriving faster than they can be saved; try again in a moment.',
    'overloaded',
    { 'retry-after': '1' },
  )

/** One plain send, checked, on its way to PostgreSQL's `corkboard_send_messages` (migration 017). */
export interface BatchedSend {
  conversationId: number
  senderId: number
  clientId: string
  text: string | null
  attachmentType: MessageRow['attachment_type']
  attachmentId: number | null
  createdAt: string
}

interface Waiting {
  send: BatchedSend
  resolve(outcome: BatchOutcome): void
  reject(error: unknown): void
}

export interface SendBatcherOptions {
  /** calls of the function in flight at once (pipelining); sends arriving meanwhile wait */
  maxInFlight?: number
  /**
   * From `rate` sends/s (this process's, over the last tenth of a second), a call waits `ms`
   * for more sends to join it; below, a send leaves at once. `rate: Infinity`: never waits.
   */
  linger?: { rate: number; ms: number }
  /** sends per call at most */
  maxBatch?: number
  /**
   * The last seq of a conversation this process has passed on to its sockets, if it knows:
   * the messages other instances committed after it come back with a send (`preceding`).
   */
  seen?: (conversationId: number) => number | undefined
}

/**
 * Group commit of plain sends on PostgreSQL: the sends that arrive in one event-loop turn, or
 * while the calls in flight run, go in ONE call of `corkboard_send_messages` — one statement in
 * autocommit, so one commit. A send is answered only once its call has committed. When a call
 * fails as a whole (a statement error: a racing identical send into another conversation, a
 * sender deleted meanwhile), nothing of it was written and its sends go again one by one, so
 * that one send's failure is only that send's; a unique violation then is a retry racing its
 * original, answered by `recover`.
 */
export function createSendBatcher(
  db: Db,
  recover: (send: BatchedSend) => Promise<BatchOutcome | null>,
  options: SendBatcherOptions = {},
) {
  const maxInFlight = options.maxInFlight ?? 2
  const maxBatch = options.maxBatch ?? 500
  const seen = options.seen
  const linger = options.linger ?? LINGER
  let queue: Waiting[] = []
  let inFlight = 0
  let scheduled = false
  // the sends submitted in this tenth of a second and in the one before it
  let windowStart = 0
  let thisWindow = 0
  let lastWindow = 0
  let lingering: ReturnType<typeof setTimeout> | null = null
  // so far: calls of the function, and the sends they carried
  let calls = 0
  let called = 0

  async function call(sends: BatchedSend[]): Promise<BatchOutcome[]> {
    calls++
    called += sends.length
    const payload = JSON.stringify(
      sends.map((s) => ({
        c: s.conversationId,
        s: s.senderId,
        k: s.clientId,
        t: s.text,
        at: s.attachmentType,
        ai: s.attachmentId,
        n: s.createdAt,
        l: seen?.(s.conversationId),
      })),
    )
    const rows = await runPrepared<FunctionRow>(
      db,
      CompiledQuery.raw('select * from corkboard_send_messages($1::jsonb)', [payload]),
    )
    return outcomesOf(rows, sends.length)
  }

  async function one(w: Waiting) {
    try {
      const [outcome] = await call([w.send])
      w.resolve(outcome!)
    } catch (err) {
      if (isUniqueViolation(err)) {
        try {
          const found = await recover(w.send)
          if (found) return w.resolve(found)
        } catch (again) {
          return w.reject(again)
        }
      }
      w.reject(storageFullFrom(err) ?? err)
    }
  }

  async function run(batch: Waiting[]) {
    try {
      const outcomes = await call(batch.map((w) => w.send))
      batch.forEach((w, i) => w.resolve(outcomes[i]!))
    } catch (err) {
      if (batch.length === 1) {
        // the lone send's error is its own; a unique violation: a retry racing its original
        if (!isUniqueViolation(err)) return batch[0]!.reject(storageFullFrom(err) ?? err)
        return one(batch[0]!)
      }
      for (const w of batch) await one(w)
    }
  }

  function flush() {
    scheduled = false
    if (lingering) clearTimeout(lingering)
    lingering = null
    while (queue.length > 0 && inFlight < maxInFlight) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch)
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch)
      inFlight++
      void run(batch).finally(() => {
        inFlight--
        schedule()
      })
    }
  }

  function schedule() {
    if (scheduled || queue.length === 0 || inFlight >= maxInFlight) return
    scheduled = true
    if (lastWindow * 10 >= linger.rate && queue.length < LINGER_UNTIL) {
      lingering = setTimeout(flush, linger.ms)
    } else setImmediate(flush)
  }

  function count() {
    const now = performance.now()
    if (now - windowStart >= 100) {
      // a window with no send in it counts as none
      lastWindow = now - windowStart < 200 ? thisWindow : 0
      thisWindow = 0
      windowStart = now
    }
    thisWindow++
  }

  return {
    /** Sends `send` with the others of its turn; answers once committed. */
    submit(send: BatchedSend): Promise<BatchOutcome> {
      return new Promise<BatchOutcome>((resolve, reject) => {
        queue.push({ send, resolve, reject })
        count()
        // enough have joined a lingering call: it leaves now
        if (lingering && queue.length >= LINGER_UNTIL) flush()
        else schedule()
      })
    },
    /** sends waiting for a call, calls in flight, and calls and their sends so far */
    stats: () => ({ waiting: queue.length, inFlight, calls, called }),
  }
}

export type SendBatcher = ReturnType<typeof createSendBatcher>

/**
 * What `append`'s after-commit hooks do, for a send the function created: the pin's send
 * counted, then the revived member told, then message.created, carrying the row the live
 * fan-out renders (with the messages before it this process had not seen) — each published
 * after the commit.
 */
export async function afterBatchedCommit(
  units: Pick<Units, 'announce'>,
  analytics: Pick<AnalyticsSink, 'pin'>,
  content: Content,
  r: Extract<BatchOutcome, { outcome: 'created' }>,
  written: MessageRow,
) {
  const { row } = r
  const pin = content.attachment
  if (pin?.type === 'pin' && pin.ownerId !== undefined) {
    analytics.pin({
      pinId: pin.id,
      ownerId: pin.ownerId,
      actorId: row.sender_id,
      metric: 'message_sends',
      conversationId: row.conversation_id,
      creditUserId: row.sender_id,
    })
  }
  if (r.revived.length > 0) {
    await units.announce({
      type: 'conversation.updated',
      conversation_id: row.conversation_id,
      member_ids: r.revived,
    })
  }
  // not awaited: this process's sockets have it at once (the local half of the bus is
  // synchronous), and the sender's ack need not wait for Redis to answer the publish;
  // announce never throws (a lost hint is backfilled from the database)
  void units.announce({
    type: 'message.created',
    ...createdMessage(written, r.memberIds, r.hiddenFrom),
    ...(r.preceding.length > 0 && {
      preceding: r.preceding.map((p) => createdMessage(p.row, p.memberIds, p.hiddenFrom)),
    }),
  })
}
