import type { AttachmentRef, Conversation, ShareResult } from '../../../protocol/messages'
import type { Tx } from '../../db/database'
import { BadRequestError, ForbiddenError } from '../../errors'
import {
  checkClientId,
  GROUP_CAP,
  pairKey,
  type Content,
  type MessagingCore,
  type Sender,
} from './core'
import type { createMessageOps } from './messages'
import { mayMessage, mayMessageMany, refusalMessage } from './policy'

export interface ShareInput {
  recipients: ({ username: string } | { email: string })[]
  attachment: AttachmentRef
  text?: string | null
  as_group?: boolean
  client_message_id: string
  /** the message whose card this is sent on from (analytics) */
  from_message_id?: string
}

/**
 * Send a Pin (or a board, or a profile): to one person into their 1:1; to several, one group
 * or one 1:1 each. Each recipient's message has a client id derived from the share's, so a
 * retried share sends nothing twice. In the "separately" mode, people the sender may not
 * message are left out and listed in `refused`; when nobody is left, the answer is 403.
 */
export function createShareOps(core: MessagingCore, messages: ReturnType<typeof createMessageOps>) {
  const { db, repo } = core

  /** Where an earlier send with this client id went, if there was one. */
  async function earlierSend(senderId: number, clientId: string) {
    const original = await repo.byClientId(db, senderId, clientId)
    return original ? { conversationId: Number(original.conversation_id), created: false } : null
  }

  /** Sends into the 1:1 with `other`, creating it if needed; idempotent by `clientId`. */
  async function sendToPair(sender: Sender, otherId: number, clientId: string, content: Content) {
    const prior = await earlierSend(sender.id, clientId)
    if (prior) return prior
    if (!(await repo.conversationByPairKey(db, pairKey(sender.id, otherId)))) {
      await core.enforceConversationLimit(sender.id)
    }
    await core.enforceMessageLimits(sender.id)
    return core.withUniqueRecovery(
      async (tx) => {
        const pair = await core.openPair(tx, sender.id, otherId)
        await core.appendMessage(tx, sender, pair.id, clientId, content)
        return { conversationId: pair.id, created: true }
      },
      () => earlierSend(sender.id, clientId),
    )
  }

  /** Creates one group and sends into it, in one transaction; idempotent by `clientId`. */
  async function sendToNewGroup(
    sender: Sender,
    memberIds: number[],
    clientId: string,
    content: Content,
  ) {
    const prior = await earlierSend(sender.id, clientId)
    if (prior) return prior
    await core.enforceConversationLimit(sender.id)
    await core.enforceMessageLimits(sender.id)
    return core.withUniqueRecovery(
      async (tx) => {
        const id = await core.createGroup(tx, sender.id, memberIds, null)
        await core.appendMessage(tx, sender, id, clientId, content)
        return { conversationId: id, created: true }
      },
      () => earlierSend(sender.id, clientId),
    )
  }

  async function share(
    sender: Sender,
    input: ShareInput,
  ): Promise<{ result: ShareResult; created: boolean }> {
    checkClientId(input.client_message_id)
    if (input.recipients.some((r) => 'email' in r)) {
      throw new BadRequestError(
        'Sending to email addresses is not available yet.',
        'email_recipients_unsupported',
      )
    }
    const usernames = [
      ...new Set(input.recipients.map((r) => ('username' in r ? r.username : ''))),
    ].filter((n) => n !== sender.username)
    if (usernames.length === 0)
      throw new BadRequestError('recipients must name someone other than you.')
    if (usernames.length > GROUP_CAP - 1) {
      throw new BadRequestError(
        `Send to at most ${GROUP_CAP - 1} people at once.`,
        'too_many_recipients',
      )
    }
    const content = await core.checkContent(sender.id, {
      client_message_id: input.client_message_id,
      text: input.text,
      attachment: input.attachment,
    })
    if (input.from_message_id !== undefined) {
      if (content.attachment?.type !== 'pin') {
        throw new BadRequestError('from_message_id applies to sending on a pin.')
      }
      await messages.cardMessage(sender.id, input.from_message_id, String(content.attachment.id))
    }
    const users = await core.resolveUsers(sender, usernames)
    const decisions = await mayMessageMany(
      db,
      sender.id,
      users.map((u) => u.id),
    )
    const refused: ShareResult['refused'] = []
    const allowed = users.filter((u) => {
      const d = decisions.get(u.id)
      if (d && !d.ok) refused.push({ username: u.username, reason: d.reason })
      return !d || d.ok
    })
    const oneConversation = users.length === 1 || input.as_group === true
    if (refused.length > 0 && (oneConversation || allowed.length === 0)) {
      const first = refused[0]!
      throw new ForbiddenError(refusalMessage(first.reason, first.username), first.reason)
    }

    const sent: { conversationId: number; created: boolean }[] = []
    if (users.length > 1 && input.as_group === true) {
      const clientId = `${input.client_message_id}:group`
      sent.push(
        await sendToNewGroup(
          sender,
          allowed.map((u) => u.id),
          clientId,
          content,
        ),
      )
    } else {
      for (const u of allowed) {
        sent.push(
          await sendToPair(sender, u.id, `${input.client_message_id}:${u.username}`, content),
        )
      }
    }
    if (input.from_message_id !== undefined && sent.some((s) => s.created)) {
      await messages.recordCardAction(
        sender.id,
        input.from_message_id,
        'send',
        String(content.attachment!.id),
      )
    }
    const conversations: Conversation[] = []
    for (const s of sent) {
      const c = await core.conversationFor(sender.id, s.conversationId)
      if (c) conversations.push(c)
    }
    return {
      result: { conversations, invites: [], refused },
      created: sent.some((s) => s.created),
    }
  }

  /** The content of a share, checked as a send is (the attachment visible to the sender). */
  const checkShareContent = (senderId: number, input: ShareInput) =>
    core.checkContent(senderId, {
      client_message_id: input.client_message_id,
      text: input.text,
      attachment: input.attachment,
    })

  /**
   * An accepted invite's message, inside the caller's transaction: the 1:1 of inviter and new
   * member opens with what was shared. Null when the inviter may not message them.
   */
  async function deliverInvite(
    tx: Tx,
    inviterId: number,
    memberId: number,
    content: Content,
    clientId: string,
  ): Promise<number | null> {
    const inviter = await repo.userById(inviterId, tx.trx)
    if (!inviter || !(await mayMessage(tx.trx, inviterId, memberId)).ok) return null
    const pair = await core.openPair(tx, inviterId, memberId)
    await core.appendMessage(
      tx,
      { id: inviterId, username: inviter.username },
      pair.id,
      clientId,
      content,
    )
    return pair.id
  }

  /**
   * Sends into the 1:1 with a member under the usual rules (policy, blocks) but silently: a
   * refusal sends nothing and says nothing, and no messaging limit counts it (the caller's
   * limits do: a share to an email address). Idempotent by `clientId`.
   */
  async function deliverQuietly(
    senderId: number,
    memberId: number,
    content: Content,
    clientId: string,
  ): Promise<void> {
    if (await earlierSend(senderId, clientId)) return
    await core.withUniqueRecovery(
      async (tx) => void (await deliverInvite(tx, senderId, memberId, content, clientId)),
      async () => ((await earlierSend(senderId, clientId)) ? undefined : null),
    )
  }

  return { share, checkShareContent, deliverInvite, deliverQuietly }
}
