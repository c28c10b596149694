import type { Message } from '../../../protocol/messages'
import { nowIso } from '../../db/database'
import { hasSendFunction } from '../../db/dialect'
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors'
import { createdMessage } from '../events'
import type { AnalyticsSink } from '../analytics/recorder'
import type { Unit, Units } from '../unit'
import type { AbuseLimits } from './abuse-limits'
import { requireMember, type Sender } from './access'
import { isClientId, wireId, type Content, type SendInput } from './content'
import { requireOriginal } from './message-extras'
import { withUniqueRecovery } from './unique-recovery'
import type { MessageRepository, MessageRow } from './message-repository'
import { mayMessage, refusalMessage } from './policy'
import type { Renderer } from './render'
import type { ConversationRepository } from './repository'
import {
  afterBatchedCommit,
  createSendBatcher,
  overloaded,
  SEND_QUEUE_MAX_DEFAULT,
  type BatchOutcome,
  type SendBatcherOptions,
} from './send-batch'

export interface SendDeps {
  units: Units
  repo: Pick<
    MessageRepository,
    'allocateSeq' | 'recipients' | 'reviveLeft' | 'insertMessage' | 'byClientId'
  >
  conversations: Pick<ConversationRepository, 'userById' | 'membership'>
  checkContent(senderId: number, input: SendInput): Promise<Content>
  limits: Pick<AbuseLimits, 'messages'>
  render: Pick<Renderer, 'renderMessages'>
  /** counts a pin sent in a message (once committed: a map increment) */
  analytics: Pick<AnalyticsSink, 'pin'>
  /** sends in progress in this process at most; beyond, 429 `overloaded` (default 2,000) */
  sendQueueMax?: number
  /** PostgreSQL's group commit of plain sends (send-batch.ts) */
  batching?: SendBatcherOptions
}

export { withUniqueRecovery } from './unique-recovery'

/** A client_message_id already naming a message of another conversation (409). */
const clientIdReused = () =>
  new ConflictError(
    'This client_message_id was already used for a message in another conversation.',
    'client_message_id_reused',
  )

/** Writing a message: the send, and the one write every send, share and invite makes. */
export function createSend(deps: SendDeps) {
  const { units, repo, conversations, render } = deps
  const db = units.db

  /**
   * Appends a message inside the caller's unit: takes the conversation row's lock and the next
   * gapless seq in one statement, checks the sender is a member (and, in a 1:1, still allowed
   * to message the other person), inserts, and publishes once committed.
   */
  async function append(
    unit: Unit,
    sender: Sender,
    conversationId: number,
    clientId: string,
    content: Content,
    /** a brand's thank-you names its promotion */
    promotionId: number | null = null,
  ): Promise<MessageRow> {
    const { trx } = unit
    const now = nowIso()
    const allocated = await repo.allocateSeq(trx, conversationId, now)
    if (!allocated) throw new NotFoundError('Conversation')
    const { seq, isGroup } = allocated
    const members = (await repo.recipients(trx, conversationId, sender.id)).map((m) => ({
      id: Number(m.user_id),
      active: m.left_seq === null,
      hides: Number(m.hides) === 1 || m.hides === true,
    }))
    if (!members.some((m) => m.id === sender.id && m.active)) {
      throw new NotFoundError('Conversation')
    }
    const revived: number[] = []
    if (!isGroup) {
      const other = members.find((m) => m.id !== sender.id)
      if (other) {
        const d = await mayMessage(trx, sender.id, other.id)
        if (!d.ok) {
          const name = await conversations.userById(other.id, trx)
          throw new ForbiddenError(refusalMessage(d.reason, name?.username ?? 'them'), d.reason)
        }
        if (!other.active) {
          // A 1:1 left is only hidden: a new message brings it back, from this message on.
          await repo.reviveLeft(trx, conversationId, sender.id, seq - 1)
          revived.push(other.id)
        }
      }
    }
    // a reply's original: in this conversation, and one the sender sees
    if (content.replyTo != null)
      await requireOriginal(trx, sender.id, conversationId, content.replyTo)
    const row = await repo.insertMessage(trx, {
      conversation_id: conversationId,
      seq,
      sender_id: sender.id,
      client_message_id: clientId,
      text: content.text,
      attachment_type: content.attachment?.type ?? null,
      attachment_id: content.attachment?.id ?? null,
      created_at: now,
      promotion_id: promotionId,
      reply_to_message_id: content.replyTo ?? null,
    })
    // the event carries the row: no instance reads it back to deliver it
    const written = { ...row, sender_username: sender.username }
    const pin = content.attachment
    if (pin?.type === 'pin' && pin.ownerId !== undefined) {
      const ownerId = pin.ownerId
      unit.afterCommit(() =>
        deps.analytics.pin({
          pinId: pin.id,
          ownerId,
          actorId: sender.id,
          metric: 'message_sends',
          conversationId,
          creditUserId: sender.id,
        }),
      )
    }
    if (revived.length > 0) {
      unit.publish({
        type: 'conversation.updated',
        conversation_id: conversationId,
        member_ids: revived,
      })
    }
    unit.publish({
      type: 'message.created',
      ...createdMessage(
        written,
        members
          .filter((m) => m.active)
          .map((m) => m.id)
          .concat(revived),
        isGroup ? members.filter((m) => m.active && m.hides).map((m) => m.id) : [],
      ),
    })
    return written
  }

  /** The original of a retried send, as the sender sees it now. */
  async function replayOf(viewerId: number, original: MessageRow, conversationId: number) {
    if (Number(original.conversation_id) !== conversationId) {
      await requireMember(conversations, db, conversationId, viewerId)
      throw clientIdReused()
    }
    const [message] = await render.renderMessages(viewerId, [original])
    return { message: message!, created: false as const }
  }

  /** The plain send, in a unit of its own (SQLite, whose unit is its group commit). */
  async function sendInUnit(
    sender: Sender,
    id: number,
    input: SendInput,
  ): Promise<{ message: Message; created: boolean }> {
    const clientId = input.client_message_id
    const prior = clientId ? await repo.byClientId(db, sender.id, clientId) : undefined
    if (prior) return replayOf(sender.id, prior, id)
    const content = await deps.checkContent(sender.id, input)
    // Membership is checked inside the write (append: 404 for a non-member), not also before
    // it: a round trip less per send.
    await deps.limits.messages(sender.id)
    const outcome = await withUniqueRecovery<
      { row: MessageRow; created: true } | { message: Message; created: false }
    >(
      units,
      async (unit) => ({ row: await append(unit, sender, id, clientId, content), created: true }),
      async () => {
        const original = await repo.byClientId(db, sender.id, clientId)
        return original ? replayOf(sender.id, original, id) : null
      },
    )
    if (!outcome.created) return outcome
    // Rendered after commit: SQLite has one connection, held by the transaction until then.
    const [message] = await render.renderMessages(sender.id, [outcome.row])
    return { message: message!, created: true }
  }

  // how far this process has passed each conversation on to its sockets (told by the gateway)
  let seen: ((conversationId: number) => number | undefined) | undefined

  // PostgreSQL: the plain send in one round trip, grouped with the others of its turn.
  const batcher = hasSendFunction(db)
    ? createSendBatcher(
        db,
        async (s): Promise<BatchOutcome | null> => {
          const original = await repo.byClientId(db, s.senderId, s.clientId)
          return original ? { outcome: 'duplicate', row: original } : null
        },
        { ...deps.batching, seen: (conversationId) => seen?.(conversationId) },
      )
    : null

  /** The plain send on PostgreSQL: checks, then one call of the send function with others. */
  async function sendBatched(
    sender: Sender,
    id: number,
    input: SendInput,
  ): Promise<{ message: Message; created: boolean }> {
    const clientId = input.client_message_id
    let content: Content
    try {
      content = await deps.checkContent(sender.id, input)
      await deps.limits.messages(sender.id)
    } catch (err) {
      // A retry answers its original even when its content or the rate would not pass now
      // (the send function looks the original up first; this path only when refused before).
      const prior = isClientId(clientId)
        ? await repo.byClientId(db, sender.id, clientId)
        : undefined
      if (prior) return replayOf(sender.id, prior, id)
      throw err
    }
    const r = await batcher!.submit({
      conversationId: id,
      senderId: sender.id,
      clientId,
      text: content.text,
      attachmentType: content.attachment?.type ?? null,
      attachmentId: content.attachment?.id ?? null,
      createdAt: nowIso(),
    })
    switch (r.outcome) {
      case 'created':
        break
      case 'duplicate':
        return replayOf(sender.id, r.row, id)
      case 'reused':
        throw clientIdReused()
      case 'not_found':
        throw new NotFoundError('Conversation')
      default:
        throw new ForbiddenError(refusalMessage(r.outcome, r.username ?? 'them'), r.outcome)
    }
    // Committed: what append's after-commit hooks do, in the same order.
    const written: MessageRow = { ...r.row, sender_username: sender.username }
    await afterBatchedCommit(units, deps.analytics, content, r, written)
    // a text message renders without a query
    const [message] = await render.renderMessages(sender.id, [written])
    return { message: message!, created: true }
  }

  // Sends in progress in this process: bounded, so that a burst beyond what the database
  // takes is refused (429 overloaded, the client retries) rather than queued without end.
  const sendQueueMax = deps.sendQueueMax ?? SEND_QUEUE_MAX_DEFAULT
  let sending = 0

  /**
   * Sends a message, idempotently by (sender, client_message_id): a retry — after a timeout, a
   * crash, or racing the first — answers the original with `created: false`, forever.
   */
  async function sendMessage(
    sender: Sender,
    conversationId: string,
    input: SendInput,
  ): Promise<{ message: Message; created: boolean }> {
    const id = wireId(conversationId, 'Conversation')
    if (sending >= sendQueueMax) throw overloaded()
    sending++
    try {
      // a reply goes through append (the send function writes plain messages only)
      const batched = batcher && input.reply_to_message_id == null
      return await (batched ? sendBatched(sender, id, input) : sendInUnit(sender, id, input))
    } finally {
      sending--
    }
  }

  return {
    sendMessage,
    append,
    /** PostgreSQL's group commit (send-batch.ts `stats`); all zero on SQLite */
    batchStats: () => batcher?.stats() ?? { waiting: 0, inFlight: 0, calls: 0, called: 0 },
    /**
     * The gateway tells how far it has passed each conversation on: a batched send then brings
     * back the messages other instances committed after that, before its own (send-batch.ts).
     */
    trackSeen(fn: (conversationId: number) => number | undefined) {
      seen = fn
    },
  }
}

export type Send = ReturnType<typeof createSend>
