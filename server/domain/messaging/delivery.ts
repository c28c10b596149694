import type { Unit, Units } from '../unit'
import type { AbuseLimits } from './abuse-limits'
import type { Sender } from './access'
import type { Content } from './content'
import type { MessageRepository } from './message-repository'
import { createGroup, openPair, pairKey } from './openings'
import { mayMessage } from './policy'
import type { ConversationRepository } from './repository'
import { withUniqueRecovery, type Send } from './send'

export interface DeliveryDeps {
  units: Units
  repo: Pick<
    ConversationRepository,
    | 'conversationByPairKey'
    | 'membership'
    | 'lockConversation'
    | 'join'
    | 'insertConversation'
    | 'userById'
  >
  messages: Pick<MessageRepository, 'byClientId'>
  append: Send['append']
  limits: Pick<AbuseLimits, 'messages' | 'conversations'>
}

/**
 * What a share sends, each idempotent by its client id: into a 1:1 (opened as needed), into a
 * new group, quietly to a member found by address, and an accepted invite's first message.
 */
export function createDelivery(deps: DeliveryDeps) {
  const { units, repo, append, limits } = deps
  const db = units.db

  /** Where an earlier send with this client id went, if there was one. */
  async function earlierSend(senderId: number, clientId: string) {
    const original = await deps.messages.byClientId(db, senderId, clientId)
    return original ? { conversationId: Number(original.conversation_id), created: false } : null
  }

  /** Sends into the 1:1 with `other`, creating it if needed. */
  async function toPair(sender: Sender, otherId: number, clientId: string, content: Content) {
    const prior = await earlierSend(sender.id, clientId)
    if (prior) return prior
    if (!(await repo.conversationByPairKey(db, pairKey(sender.id, otherId)))) {
      await limits.conversations(sender.id)
    }
    await limits.messages(sender.id)
    return withUniqueRecovery(
      units,
      async (unit) => {
        const pair = await openPair(unit, repo, sender.id, otherId)
        await append(unit, sender, pair.id, clientId, content)
        return { conversationId: pair.id, created: true }
      },
      () => earlierSend(sender.id, clientId),
    )
  }

  /** Creates one group and sends into it, in one unit. */
  async function toNewGroup(
    sender: Sender,
    memberIds: number[],
    clientId: string,
    content: Content,
  ) {
    const prior = await earlierSend(sender.id, clientId)
    if (prior) return prior
    await limits.conversations(sender.id)
    await limits.messages(sender.id)
    return withUniqueRecovery(
      units,
      async (unit) => {
        const id = await createGroup(unit, repo, sender.id, memberIds, null)
        await append(unit, sender, id, clientId, content)
        return { conversationId: id, created: true }
      },
      () => earlierSend(sender.id, clientId),
    )
  }

  /**
   * An accepted invite's message, inside the caller's unit: the 1:1 of inviter and new member
   * opens with what was shared. Null when the inviter may not message them.
   */
  async function invite(
    unit: Unit,
    inviterId: number,
    memberId: number,
    content: Content,
    clientId: string,
  ): Promise<number | null> {
    const inviter = await repo.userById(inviterId, unit.trx)
    if (!inviter || !(await mayMessage(unit.trx, inviterId, memberId)).ok) return null
    const pair = await openPair(unit, repo, inviterId, memberId)
    await append(unit, { id: inviterId, username: inviter.username }, pair.id, clientId, content)
    return pair.id
  }

  /**
   * Sends into the 1:1 with a member under the usual rules (policy, blocks) but silently: a
   * refusal sends nothing and says nothing, and no messaging limit counts it (the caller's
   * limits do: a share to an email address).
   */
  async function quietly(senderId: number, memberId: number, content: Content, clientId: string) {
    if (await earlierSend(senderId, clientId)) return
    await withUniqueRecovery(
      units,
      async (unit) => void (await invite(unit, senderId, memberId, content, clientId)),
      async () => ((await earlierSend(senderId, clientId)) ? undefined : null),
    )
  }

  return { toPair, toNewGroup, invite, quietly }
}

export type Delivery = ReturnType<typeof createDelivery>
