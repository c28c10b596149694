import { createConversationOps } from './conversations'
import { createMessagingCore, type MessagingDeps } from './core'
import { createMessageOps } from './messages'
import { plainMessage } from './render'
import { createShareOps } from './share'

export type { MessagingDeps, Sender, SendInput } from './core'
export type { MessageRow } from './repository'
export type { ShareInput } from './share'

/**
 * Messages: conversations, sending, read state, sharing, abuse controls. Who may message whom
 * is decided in `policy.ts`; events go to the bus only after commit.
 */
export function createMessagingService(deps: MessagingDeps) {
  const core = createMessagingCore(deps)
  const messages = createMessageOps(core, deps.pins)
  const conversations = createConversationOps(core, deps.graph)
  const { share, checkShareContent, deliverInvite, deliverQuietly } = createShareOps(core, messages)
  return {
    ...conversations,
    ...messages,
    share,
    checkShareContent,
    deliverInvite,
    deliverQuietly,
    isPostgres: core.isPostgres,
    /** One conversation as the viewer sees it, or null when they are not in it now. */
    conversationFor: core.conversationFor,
    /** One message with its sender's username, whoever reads it (the gateway's live fan-out). */
    messageById: core.messageById,
    /** The same, without waiting, for a message this process has just written (else undefined). */
    recentMessage: core.recentMessage,
    /** A message without attachment as every reader sees it. */
    plainMessage,
    /** The user's current conversations with their read state (the gateway's resume). */
    membershipsOf: (userId: number) => core.repo.memberships(userId),
    /** Whether the user is a current member (the gateway checks before typing, sends, …). */
    isMember: async (userId: number, conversationId: number) => {
      const m = await core.repo.membership(core.db, conversationId, userId)
      return m !== undefined && m.left_seq === null
    },
  }
}

export type MessagingService = ReturnType<typeof createMessagingService>
