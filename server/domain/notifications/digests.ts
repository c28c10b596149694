import { sql } from 'kysely'
import type { Logger } from 'pino'
import { inTransaction, type Db } from '../../db/database'
import type { Mailer } from '../../mail/mailer'
import { assertSendable, InvalidMailError } from '../../mail/message'
import type { Conversations } from '../messaging/conversations'
import { DIGEST_COUNT_MAX, type Messages } from '../messaging/messages'
import { composeDigestMail } from './digest-email'
import type { Unsubscribe } from './unsubscribe'

export interface DigestOptions {
  /** how old an unread message must be, the member away since it came, before it is emailed */
  delayMs: number
  /** at most one digest per conversation per period while the member stays away */
  periodMs: number
  /** how often this instance looks for digests due; by default a quarter of the delay, ≤ 30 s */
  scanEveryMs?: number
}

/** messages a digest shows; the rest are counted */
const SHOWN = 10
/** memberships looked at per query, and queries per scan */
const BATCH = 200
const MAX_BATCHES = 10

const iso = (ms: number) => new Date(ms).toISOString()

interface Cursor {
  at: string
  conversationId: number
  userId: number
}

/**
 * Unread-message digests. Every instance scans now and then for memberships with a message
 * (from someone else, visible to them) that is older than the delay and came after the member
 * was last seen online; the digest lists what came since, up to now. A digest is claimed by a
 * conditional update of the membership (digest_seq, digested_at) in the transaction that
 * queues its mail, so two instances never send the same one and a crash sends none or one.
 * The period restarts when the member comes back online.
 */
export function createDigests(deps: {
  db: Db
  log: Logger
  messaging: {
    conversations: Pick<Conversations, 'conversationFor'>
    messages: Pick<Messages, 'unreadWhileAway'>
  }
  mailer: Pick<Mailer, 'enqueueMail'>
  unsubscribe: Pick<Unsubscribe, 'linksFor'>
  publicUrl: string
  options: DigestOptions
  /** reply by email (when on): the Reply-To of a digest to this member about this conversation */
  replyAddress?: ((userId: number, conversationId: number) => string) | null
}) {
  const { db, log, messaging, mailer, unsubscribe, publicUrl } = deps
  const { delayMs, periodMs } = deps.options
  const scanEveryMs = deps.options.scanEveryMs ?? Math.min(30_000, Math.max(250, delayMs / 4))

  /**
   * Memberships with a digest due now (see the class comment), oldest conversation first, after
   * `after` (the last one of the previous batch).
   */
  function due(now: number, after: Cursor | null) {
    const delayCutoff = iso(now - delayMs)
    // What waited for a period to end is at most that old, plus the delay; older news is stale.
    const horizon = iso(now - periodMs - delayMs - 60 * 60_000)
    return db
      .selectFrom('conversations as c')
      .innerJoin('conversation_members as cm', 'cm.conversation_id', 'c.id')
      .innerJoin('users as u', 'u.id', 'cm.user_id')
      .select(['c.id as conversation_id', 'c.last_seq'])
      .select(['cm.user_id', 'cm.last_read_seq', 'cm.digest_seq', 'cm.digested_at'])
      .select(['u.email', 'u.username', 'u.last_seen_at'])
      .where('c.last_message_at', '>', horizon)
      .where('cm.left_seq', 'is', null)
      .where('cm.muted', '=', 0)
      .whereRef('cm.last_read_seq', '<', 'c.last_seq')
      .whereRef('cm.digest_seq', '<', 'c.last_seq')
      .where('u.unread_digest_email', '=', 1)
      .where((eb) =>
        eb.or([eb('u.last_seen_at', 'is', null), eb('u.last_seen_at', '<', delayCutoff)]),
      )
      .where((eb) =>
        eb.or([
          eb('cm.digested_at', 'is', null),
          eb('cm.digested_at', '<=', iso(now - periodMs)),
          eb('cm.digested_at', '<', eb.ref('u.last_seen_at')),
        ]),
      )
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('messages as m')
            .select(sql`1`.as('one'))
            .whereRef('m.conversation_id', '=', 'c.id')
            .whereRef('m.seq', '>', 'cm.last_read_seq')
            .whereRef('m.seq', '>', 'cm.digest_seq')
            .whereRef('m.sender_id', '!=', 'cm.user_id')
            .where('m.created_at', '<=', delayCutoff)
            .where((eb) =>
              eb.or([
                eb('u.last_seen_at', 'is', null),
                eb('m.created_at', '>', eb.ref('u.last_seen_at')),
              ]),
            )
            .where(
              sql<boolean>`not exists (select 1 from blocks b where b.blocker_id = cm.user_id and b.blocked_id = m.sender_id)`,
            ),
        ),
      )
      .$if(after !== null, (q) =>
        q.where((eb) =>
          eb(
            eb.refTuple('c.last_message_at', 'c.id', 'cm.user_id'),
            '>',
            eb.tuple(after!.at, after!.conversationId, after!.userId),
          ),
        ),
      )
      .select('c.last_message_at')
      .orderBy('c.last_message_at')
      .orderBy('c.id')
      .orderBy('cm.user_id')
      .limit(BATCH)
      .execute()
  }

  type Due = Awaited<ReturnType<typeof due>>[number]

  /**
   * Composes and claims one digest; false when another instance took it or something changed
   * since (a read, a visit, an unsubscribe). A digest that can never be sent (nothing left to
   * show, an address no mail goes to) is claimed without a mail, so it is not tried again.
   */
  async function send(d: Due, now: number): Promise<boolean> {
    const userId = Number(d.user_id)
    const conversationId = Number(d.conversation_id)
    const mail = await compose(d, userId, conversationId).catch((err: unknown) => {
      if (err instanceof InvalidMailError) return null
      throw err
    })
    if (!mail) log.warn({ userId, conversationId }, 'unread digest skipped: nothing to send')
    return inTransaction(db, async (tx) => {
      const claimed = await tx.trx
        .updateTable('conversation_members')
        .set({ digest_seq: Number(d.last_seq), digested_at: iso(now) })
        .where('conversation_id', '=', conversationId)
        .where('user_id', '=', userId)
        .where('digest_seq', '=', Number(d.digest_seq))
        .where((eb) =>
          d.digested_at === null
            ? eb('digested_at', 'is', null)
            : eb('digested_at', '=', d.digested_at),
        )
        // still unread, not muted, still a member …
        .where('last_read_seq', '=', Number(d.last_read_seq))
        .where('muted', '=', 0)
        .where('left_seq', 'is', null)
        // … by someone still away and subscribed
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('users as u')
              .select(sql`1`.as('one'))
              .where('u.id', '=', userId)
              .where('u.unread_digest_email', '=', 1)
              .where((eb) =>
                d.last_seen_at === null
                  ? eb('u.last_seen_at', 'is', null)
                  : eb('u.last_seen_at', '=', d.last_seen_at),
              ),
          ),
        )
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== 1) return false
      if (mail) await mailer.enqueueMail(tx, mail)
      return mail !== null
    })
  }

  /** The digest mail of a due membership; null when there is nothing to show any more. */
  async function compose(d: Due, userId: number, conversationId: number) {
    const conversation = await messaging.conversations.conversationFor(userId, conversationId)
    if (!conversation) return null
    const { messages, total } = await messaging.messages.unreadWhileAway({
      viewerId: userId,
      conversationId,
      afterSeq: Math.max(Number(d.last_read_seq), Number(d.digest_seq)),
      upToSeq: Number(d.last_seq),
      since: d.last_seen_at,
      limit: SHOWN,
    })
    if (messages.length === 0) return null
    const links = unsubscribe.linksFor(userId)
    const mail = composeDigestMail({
      to: { email: d.email, username: d.username },
      conversation,
      messages,
      total,
      totalIsFloor: total >= DIGEST_COUNT_MAX,
      links: {
        conversation: `${publicUrl}/messages/${conversationId}`,
        unsubscribePage: links.page,
        oneClick: links.oneClick,
        settings: `${publicUrl}/settings/notifications`,
      },
      replyTo: deps.replyAddress?.(userId, conversationId) ?? null,
    })
    assertSendable(mail)
    return mail
  }

  /** One scan: every digest due now is queued (until stopped). Returns how many. */
  async function runOnce(): Promise<number> {
    let sent = 0
    let after: Cursor | null = null
    const now = Date.now()
    for (let batch = 0; batch < MAX_BATCHES && !stopping; batch++) {
      const rows = await due(now, after)
      for (const d of rows) {
        if (stopping) break
        try {
          if (await send(d, now)) sent++
        } catch (err) {
          log.warn({ err, conversationId: d.conversation_id }, 'unread digest not sent')
        }
      }
      const last = rows.at(-1)
      if (rows.length < BATCH || !last) break
      after = {
        at: last.last_message_at!,
        conversationId: Number(last.conversation_id),
        userId: Number(last.user_id),
      }
    }
    if (sent) log.info({ sent }, 'unread digests queued')
    return sent
  }

  let timer: NodeJS.Timeout | null = null
  let scanning: Promise<unknown> = Promise.resolve()
  let started = false
  let stopping = false

  function schedule() {
    if (!started) return
    timer = setTimeout(() => {
      scanning = runOnce()
        .catch((err: unknown) => log.warn({ err }, 'unread digest scan failed'))
        .finally(schedule)
    }, scanEveryMs)
    timer.unref()
  }

  return {
    runOnce,
    start() {
      if (started) return
      started = true
      stopping = false
      schedule()
    },
    /** Stops scanning; resolves once a scan under way has finished. */
    async stop() {
      started = false
      stopping = true
      if (timer) clearTimeout(timer)
      timer = null
      await scanning
    },
  }
}

export type Digests = ReturnType<typeof createDigests>
