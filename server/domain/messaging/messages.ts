import type { Page, Pin } from '../../../protocol/api'
import type { Message } from '../../../protocol/messages'
import { nowIso } from '../../db/database'
import { BadRequestError, ConflictError, NotFoundError } from '../../errors'
import { isUniqueViolation } from '../boards/repository'
import { decodeBookmark, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageOf } from '../pagination'
import { selectPinViews } from '../pins/repository'
import type { PinsService } from '../pins/service'
import { wireId, type MessagingCore, type SendInput, type Sender } from './core'
import type { MessageRow } from './repository'

export interface PageParams {
  bookmark?: string
  page_size?: number
}

export type CardAction = 'save' | 'like' | 'click' | 'send'

const REPORT_REASON_MAX = 500
/** an unread digest says "500 or more" past this */
export const DIGEST_COUNT_MAX = 500

const clampLimit = (n: number) => Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(n)))

/** Sending and reading messages; reports and what people do from cards. */
export function createMessageOps(core: MessagingCore, pins: Pick<PinsService, 'toPins'>) {
  const { db, repo, render } = core

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
    const clientId = input.client_message_id
    const prior = clientId ? await repo.byClientId(db, sender.id, clientId) : undefined
    if (prior) return core.replayOf(sender.id, prior, id)
    const content = await core.checkContent(sender.id, input)
    // Membership is checked inside the write (appendMessage: 404 for a non-member), not also
    // before it: a round trip less per send.
    await core.enforceMessageLimits(sender.id)
    const outcome = await core.withUniqueRecovery<
      { row: MessageRow; created: true } | { message: Message; created: false }
    >(
      async (tx) => ({
        row: await core.appendMessage(tx, sender, id, clientId, content),
        created: true,
      }),
      async () => {
        const original = await repo.byClientId(db, sender.id, clientId)
        return original ? core.replayOf(sender.id, original, id) : null
      },
    )
    if (!outcome.created) return outcome
    // Rendered after commit: SQLite has one connection, held by the transaction until then.
    const [message] = await render.renderMessages(sender.id, [outcome.row])
    return { message: message!, created: true }
  }

  /** A paged read of one conversation: its id (the viewer must be a member) and the page asked. */
  async function memberPage(viewerId: number, conversationId: string, params: PageParams) {
    const before = decodeBookmark(params.bookmark, { seq: 'id' })
    const id = wireId(conversationId, 'Conversation')
    await core.requireMember(db, id, viewerId)
    const size = params.page_size ?? DEFAULT_PAGE_SIZE
    return { id, size, beforeSeq: before ? before.seq : null }
  }

  /** A page of the conversation's messages the viewer sees, newest first. */
  async function listMessages(
    viewerId: number,
    conversationId: string,
    params: PageParams,
  ): Promise<Page<Message>> {
    const { id, size, beforeSeq } = await memberPage(viewerId, conversationId, params)
    const rows = await repo.pageDesc(viewerId, id, beforeSeq, size + 1)
    const page = pageOf(
      rows,
      size,
      (r) => r,
      (r) => ({ seq: Number(r.seq) }),
    )
    return { items: await render.renderMessages(viewerId, page.items), bookmark: page.bookmark }
  }

  /**
   * Messages of one conversation after `afterSeq`, oldest first, as `viewerId` sees them (the
   * gateway's replay and gap backfill). Empty for someone who was never a member.
   */
  function messagesAfter(
    viewerId: number,
    conversationId: number,
    afterSeq: number,
    limit = 500,
  ): Promise<MessageRow[]> {
    return repo.pageAsc(viewerId, conversationId, afterSeq, clampLimit(limit))
  }

  async function report(viewerId: number, messageId: string, reason: string) {
    const message = await repo.visibleMessage(viewerId, wireId(messageId, 'Message'))
    if (!message) throw new NotFoundError('Message')
    const text = reason.trim()
    if (text.length < 1 || text.length > REPORT_REASON_MAX) {
      throw new BadRequestError(`reason must be 1 to ${REPORT_REASON_MAX} characters.`)
    }
    const now = nowIso()
    try {
      const row = await repo.insertReport(Number(message.id), viewerId, text, now)
      return { id: String(row.id), message_id: String(message.id), reason: text, created_at: now }
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictError('You already reported this message.', 'already_reported')
      }
      throw err
    }
  }

  /** The message a card action comes from: one the viewer sees now, carrying that pin. */
  async function cardMessage(viewerId: number, messageId: string, pinId: string) {
    const message = await repo.visibleMessage(viewerId, wireId(messageId, 'Message'))
    if (
      !message ||
      message.attachment_type !== 'pin' ||
      Number(message.attachment_id) !== wireId(pinId, 'Pin')
    ) {
      throw new NotFoundError('Message')
    }
    return message
  }

  /** Records a save, like, source click or send-on made from a pin card in a conversation. */
  async function recordCardAction(
    viewerId: number,
    messageId: string,
    action: CardAction,
    pinId: string,
  ): Promise<void> {
    const message = await cardMessage(viewerId, messageId, pinId)
    await repo.insertAction(
      Number(message.id),
      viewerId,
      action,
      Number(message.attachment_id),
      nowIso(),
    )
  }

  /** Every pin shared in the conversation that the viewer may see, latest share first. */
  async function conversationPins(
    viewerId: number,
    conversationId: string,
    params: PageParams,
  ): Promise<Page<Pin>> {
    const { id, size, beforeSeq } = await memberPage(viewerId, conversationId, params)
    const shared = await repo.sharedPinIds(viewerId, id, beforeSeq, size + 1)
    const page = pageOf(
      shared,
      size,
      (r) => Number(r.id),
      (r) => ({ seq: Number(r.shared_seq) }),
    )
    if (page.items.length === 0) return { items: [], bookmark: page.bookmark }
    const rows = await selectPinViews(db, viewerId).where('p.id', 'in', page.items).execute()
    const byId = new Map(rows.map((r) => [Number(r.id), r]))
    const ordered = page.items.map((pid) => byId.get(pid)).filter((r) => r !== undefined)
    return { items: await pins.toPins(ordered, viewerId), bookmark: page.bookmark }
  }

  /**
   * The messages an unread digest shows the reader (see notifications/digests.ts): from others,
   * in (afterSeq, upToSeq], sent after `since`, oldest first, at most `limit`; and how many in all
   * (counted up to DIGEST_COUNT_MAX).
   */
  async function unreadWhileAway(
    q: Parameters<typeof repo.unreadAway>[0] & { limit: number },
  ): Promise<{ messages: Message[]; total: number }> {
    const rows = (await repo.unreadAway(q).limit(DIGEST_COUNT_MAX).execute()) as MessageRow[]
    return {
      messages: await render.renderMessages(q.viewerId, rows.slice(0, q.limit)),
      total: rows.length,
    }
  }

  /** Tells live cards a pin's counts changed (after a save or like has committed). */
  async function publishPinCounts(pinId: string): Promise<void> {
    const pin = await repo.pinCounts(wireId(pinId, 'Pin'))
    if (!pin) return
    await core.publish({
      type: 'pin.updated',
      pin_id: Number(pin.id),
      save_count: Number(pin.save_count),
      like_count: Number(pin.like_count),
      // a secret pin's counts go only to its owner, the one who may see it
      visible_to: Number(pin.secret) === 1 ? [Number(pin.owner_id)] : null,
    })
  }

  return {
    sendMessage,
    listMessages,
    messagesAfter,
    renderMessages: render.renderMessages,
    report,
    cardMessage,
    recordCardAction,
    conversationPins,
    publishPinCounts,
    unreadWhileAway,
  }
}
