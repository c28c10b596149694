import { createHash } from 'node:crypto'
import type { AttachmentRef, Conversation, ShareResult } from '../../../protocol/messages'
import type { Db } from '../../db/database'
import { BadRequestError, ForbiddenError } from '../../errors'
import { normalEmail, type InvitesService } from '../invites/service'
import type { AbuseLimits } from './abuse-limits'
import { resolveUsers, type Sender } from './access'
import { cardMessage, recordCardAction } from './cards'
import { checkClientId, type Content, type SendInput } from './content'
import type { Conversations } from './conversations'
import type { Delivery } from './delivery'
import { GROUP_CAP } from './openings'
import { mayMessageMany, refusalMessage } from './policy'
import type { ConversationRepository } from './repository'

export interface ShareInput {
  recipients: ({ username: string } | { email: string })[]
  attachment: AttachmentRef
  text?: string | null
  as_group?: boolean
  client_message_id: string
  /** the message whose card this is sent on from (analytics) */
  from_message_id?: string
}

export interface SharingDeps {
  db: Db
  repo: Pick<ConversationRepository, 'usersByUsername' | 'usersByEmail'>
  checkContent(senderId: number, input: SendInput): Promise<Content>
  delivery: Pick<Delivery, 'toPair' | 'toNewGroup' | 'quietly'>
  limits: Pick<AbuseLimits, 'invites'>
  invites: Pick<InvitesService, 'create'>
  conversationFor: Conversations['conversationFor']
}

type Shared = { result: ShareResult; created: boolean }

/**
 * The client id of what a share sends to one address: derived from the share's, so a retry
 * sends nothing twice, and short (a message's client id is at most 64 characters).
 */
const shareClientId = (shareId: string, email: string) =>
  `e:${createHash('sha256').update(`${shareId}\n${email}`).digest('base64url').slice(0, 40)}`

const contentOf = (input: ShareInput): SendInput => ({
  client_message_id: input.client_message_id,
  text: input.text,
  attachment: input.attachment,
})

/**
 * Send a Pin (or a board, or a profile) to people by username and by email address. To one
 * person into their 1:1; to several, one group or one 1:1 each. Each recipient's message has
 * a client id derived from the share's, so a retried share sends nothing twice. In the
 * "separately" mode, people the sender may not message are left out and listed in `refused`;
 * when nobody is left, the answer is 403. An address of a member goes to that member as a
 * username would (under the same rules, silently: the answer is the same whether or not the
 * address has an account); any other address gets an invite.
 */
export function createSharing(deps: SharingDeps) {
  const { db, delivery } = deps

  /** The username recipients' part; `checked`: the content, when the caller checked it. */
  async function toUsernames(
    sender: Sender,
    input: ShareInput,
    checked?: Content,
  ): Promise<Shared> {
    checkClientId(input.client_message_id)
    const usernames = [
      ...new Set(input.recipients.flatMap((r) => ('username' in r ? [r.username] : []))),
    ].filter((n) => n !== sender.username)
    if (usernames.length === 0)
      throw new BadRequestError('recipients must name someone other than you.')
    if (usernames.length > GROUP_CAP - 1) {
      throw new BadRequestError(
        `Send to at most ${GROUP_CAP - 1} people at once.`,
        'too_many_recipients',
      )
    }
    const content = checked ?? (await deps.checkContent(sender.id, contentOf(input)))
    const pinId = content.attachment?.type === 'pin' ? String(content.attachment.id) : null
    if (input.from_message_id !== undefined) {
      if (pinId === null) throw new BadRequestError('from_message_id applies to sending on a pin.')
      await cardMessage(db, sender.id, input.from_message_id, pinId)
    }
    const users = await resolveUsers(deps.repo, sender, usernames)
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
      const memberIds = allowed.map((u) => u.id)
      sent.push(await delivery.toNewGroup(sender, memberIds, clientId, content))
    } else {
      for (const u of allowed) {
        const clientId = `${input.client_message_id}:${u.username}`
        sent.push(await delivery.toPair(sender, u.id, clientId, content))
      }
    }
    if (input.from_message_id !== undefined && sent.some((s) => s.created)) {
      const card = await cardMessage(db, sender.id, input.from_message_id, pinId!)
      await recordCardAction(db, sender.id, card, 'send')
    }
    const conversations: Conversation[] = []
    for (const s of sent) {
      const c = await deps.conversationFor(sender.id, s.conversationId)
      if (c) conversations.push(c)
    }
    return {
      result: { conversations, invites: [], refused },
      created: sent.some((s) => s.created),
    }
  }

  /** `POST /v5/share`. */
  async function share(sender: Sender, input: ShareInput): Promise<Shared> {
    const emails = [
      ...new Set(input.recipients.flatMap((r) => ('email' in r ? [normalEmail(r.email)] : []))),
    ]
    if (emails.length === 0) return toUsernames(sender, input)
    const named = input.recipients.filter((r) => 'username' in r)
    if (emails.length + named.length > GROUP_CAP - 1) {
      throw new BadRequestError(
        `Send to at most ${GROUP_CAP - 1} people at once.`,
        'too_many_recipients',
      )
    }
    const content = await deps.checkContent(sender.id, contentOf(input))
    if (!content.attachment) throw new BadRequestError('An invite shares a pin, board or profile.')
    // Every address counts against the limits, member or not, retried or not, and all before
    // anything goes out: a 429 tells nothing about an account and leaves nothing half-sent.
    await deps.limits.invites(sender.id, emails)
    const answer: Shared =
      named.length > 0
        ? await toUsernames(sender, { ...input, recipients: named }, content)
        : { result: { conversations: [], invites: [], refused: [] }, created: false }
    const members = await deps.repo.usersByEmail(emails)
    for (const email of emails) {
      const clientId = shareClientId(input.client_message_id, email)
      const member = members.find((m) => m.email.toLowerCase() === email)
      if (!member) await deps.invites.create(sender, email, content, clientId)
      else if (Number(member.id) !== sender.id)
        // like a username, but silently and under the invite limits: nothing in the
        // answer differs from an invite's
        await delivery.quietly(sender.id, Number(member.id), content, clientId)
    }
    // Addresses never decide between 201 and 200 (a retry of one sent to a member who may
    // not be messaged would look new): only usernames' conversations do.
    const created = named.length > 0 ? answer.created : true
    return { result: { ...answer.result, invites: emails.map((email) => ({ email })) }, created }
  }

  return { share }
}

export type Sharing = ReturnType<typeof createSharing>
