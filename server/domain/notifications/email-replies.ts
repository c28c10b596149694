import { createHash } from 'node:crypto'
import { nowIso, type Db } from '../../db/database'
import { isUniqueViolation } from '../../db/dialect'
import { AppError } from '../../errors'
import type { InboundOutcome, InboundReplies, InboundReply } from '../../mail/inbound/types'
import type { Send } from '../messaging/send'
import { REPLY_TOKEN_TTL_MS, tokenHash, type ReplyTokens } from './reply-tokens'

const WHY = {
  unknown_recipient: 'No such reply address.',
  expired: 'This reply address has expired; reply on Corkboard instead.',
  account: 'No such reply address.',
  from: 'Replies are taken only from the address the email was sent to.',
  empty: 'The reply has no text of its own (only the quoted email).',
  reused: 'This reply address was already used for another email; reply on Corkboard instead.',
  not_member: 'You are not a member of this conversation (any more).',
} as const

const refused = (why: string, permanent = true): InboundOutcome => ({
  status: 'refused',
  permanent,
  why,
})

/** A Message-ID as mail clients write it, in any spacing, with or without its brackets. */
const normalizeMessageId = (id: string) => id.trim().replace(/^<|>$/g, '').trim()

/**
 * Reply by email: a reply to an unread digest becomes the member's message in that conversation.
 * The reply address's token names the member and the conversation (reply-tokens.ts); the mail
 * must come From that member's current address, from an account that is not suspended or
 * deleted. It is posted with the messaging service's own send — membership now, who may message
 * whom and blocks, the abuse limits, the content check — idempotently by the mail's Message-ID
 * (the send's client_message_id is derived from it, so a mail delivered twice is one message).
 * One token posts one mail's reply: it is claimed in `email_replies` before the send, and a
 * claim whose send was refused for good is let go (a corrected reply may use the token).
 */
export function createEmailReplies(deps: {
  db: Db
  tokens: ReplyTokens
  messages: { sendMessage: Send['sendMessage'] }
}): InboundReplies {
  const { db, tokens, messages } = deps

  /** The token's claim for this mail: true when this mail holds it (now or from before). */
  async function claim(hash: string, header: string): Promise<boolean> {
    const held = async () =>
      db
        .selectFrom('email_replies')
        .select('message_id_header')
        .where('token_hash', '=', hash)
        .executeTakeFirst()
    const before = await held()
    if (before) return before.message_id_header === header
    try {
      await db
        .insertInto('email_replies')
        .values({
          token_hash: hash,
          message_id_header: header,
          message_id: null,
          created_at: nowIso(),
        })
        .execute()
      return true
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      return (await held())?.message_id_header === header
    }
  }

  /** Lets go of a claim that posted nothing. */
  const release = (hash: string, header: string) =>
    db
      .deleteFrom('email_replies')
      .where('token_hash', '=', hash)
      .where('message_id_header', '=', header)
      .where('message_id', 'is', null)
      .execute()

  /** Rows whose token has expired are of no more use. */
  const purge = () =>
    db
      .deleteFrom('email_replies')
      .where(
        'created_at',
        '<',
        new Date(Date.now() - REPLY_TOKEN_TTL_MS - 86_400_000).toISOString(),
      )
      .execute()

  async function deliver(reply: InboundReply): Promise<InboundOutcome> {
    const token = tokens.checkAddress(reply.to)
    if (!token.ok) return refused(WHY[token.why])
    const user = await db
      .selectFrom('users')
      .select(['id', 'username', 'email', 'suspended_at', 'deleted_at'])
      .where('id', '=', token.userId)
      .executeTakeFirst()
    if (!user || user.suspended_at !== null || user.deleted_at !== null) return refused(WHY.account)
    if (reply.from?.toLowerCase() !== user.email.toLowerCase()) return refused(WHY.from)
    const text = reply.text.replaceAll('\u0000', '').trim()
    if (!text) return refused(WHY.empty)

    const messageId = reply.messageId ? normalizeMessageId(reply.messageId) : ''
    const identity = createHash('sha256')
      .update(messageId ? `message-id:${messageId}` : `raw:${reply.rawHash}`)
      .digest()
    const header = identity.toString('hex')
    const hash = tokenHash(token.token)
    if (!(await claim(hash, header))) return refused(WHY.reused)

    const sender = { id: Number(user.id), username: user.username }
    let sent
    try {
      sent = await messages.sendMessage(sender, String(token.conversationId), {
        client_message_id: `email-${identity.toString('base64url')}`,
        text,
      })
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      // too many messages or sends just now: the sender's server tries again later
      if (err.status === 429 || err.status >= 500) return refused(err.message, false)
      await release(hash, header)
      return refused(err.status === 404 ? WHY.not_member : err.message)
    }
    await db
      .updateTable('email_replies')
      .set({ message_id: Number(sent.message.id) })
      .where('token_hash', '=', hash)
      .execute()
    await purge()
    return { status: sent.created ? 'posted' : 'duplicate', messageId: sent.message.id }
  }

  return {
    checkRecipient(address) {
      const check = tokens.checkAddress(address)
      return check.ok ? { ok: true } : { ok: false, why: WHY[check.why] }
    },
    deliver,
  }
}
