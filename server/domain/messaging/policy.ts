import type { MessagePolicy } from '../../../protocol/api'
import type { MessagingRefusal } from '../../../protocol/messages'
import type { Db } from '../../db/database'

export type PolicyDecision = { ok: true } | { ok: false; reason: MessagingRefusal }

/** What decides whether a sender may message a recipient. */
export interface PolicyState {
  /** either has blocked the other */
  blocked: boolean
  recipientPolicy: MessagePolicy
  recipientFollowsSender: boolean
  senderFollowsRecipient: boolean
}

const OK: PolicyDecision = { ok: true }
const refuse = (reason: MessagingRefusal): PolicyDecision => ({ ok: false, reason })

/**
 * Who may message whom (DESIGN.md): blocks end it both ways; then the recipient's policy —
 * `nobody`; `following`: people the recipient follows; `mutual` (the default): each follows
 * the other. Brands follow the same rule.
 */
export function decide(state: PolicyState): PolicyDecision {
  if (state.blocked) return refuse('blocked')
  switch (state.recipientPolicy) {
    case 'nobody':
      return refuse('policy_nobody')
    case 'following':
      return state.recipientFollowsSender ? OK : refuse('not_followed')
    case 'mutual':
      return state.recipientFollowsSender && state.senderFollowsRecipient
        ? OK
        : refuse('not_mutual')
  }
}

/** Human text for a refusal, naming the recipient. */
export function refusalMessage(reason: MessagingRefusal, username: string): string {
  switch (reason) {
    case 'blocked':
      return `You cannot message ${username}.`
    case 'policy_nobody':
      return `${username} does not accept messages.`
    case 'not_followed':
      return `${username} accepts messages only from people they follow.`
    case 'not_mutual':
      return `You and ${username} must follow each other to exchange messages.`
  }
}

/**
 * The decision for each recipient, from the database state, in three queries whatever their
 * number. A recipient that does not exist is left out of the map.
 */
export async function mayMessageMany(
  db: Db,
  senderId: number,
  recipientIds: number[],
): Promise<Map<number, PolicyDecision>> {
  const ids = [...new Set(recipientIds)].filter((id) => id !== senderId)
  const out = new Map<number, PolicyDecision>()
  if (ids.length === 0) return out
  const [users, follows, blocks] = await Promise.all([
    // a suspended account is no one's to message (and never listed): as if gone
    db
      .selectFrom('users')
      .select(['id', 'message_policy'])
      .where('id', 'in', ids)
      .where('suspended_at', 'is', null)
      .execute(),
    db
      .selectFrom('follows')
      .select(['follower_id', 'followee_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('follower_id', '=', senderId), eb('followee_id', 'in', ids)]),
          eb.and([eb('followee_id', '=', senderId), eb('follower_id', 'in', ids)]),
        ]),
      )
      .execute(),
    db
      .selectFrom('blocks')
      .select(['blocker_id', 'blocked_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('blocker_id', '=', senderId), eb('blocked_id', 'in', ids)]),
          eb.and([eb('blocked_id', '=', senderId), eb('blocker_id', 'in', ids)]),
        ]),
      )
      .execute(),
  ])
  const followedBySender = new Set<number>()
  const followSender = new Set<number>()
  for (const f of follows) {
    if (Number(f.follower_id) === senderId) followedBySender.add(Number(f.followee_id))
    else followSender.add(Number(f.follower_id))
  }
  const blocked = new Set<number>()
  for (const b of blocks) {
    blocked.add(Number(b.blocker_id) === senderId ? Number(b.blocked_id) : Number(b.blocker_id))
  }
  for (const u of users) {
    const id = Number(u.id)
    out.set(
      id,
      decide({
        blocked: blocked.has(id),
        recipientPolicy: u.message_policy,
        recipientFollowsSender: followSender.has(id),
        senderFollowsRecipient: followedBySender.has(id),
      }),
    )
  }
  return out
}

/** Whether `senderId` may message `recipientId` now. */
export async function mayMessage(
  db: Db,
  senderId: number,
  recipientId: number,
): Promise<PolicyDecision> {
  if (senderId === recipientId) return OK
  return (await mayMessageMany(db, senderId, [recipientId])).get(recipientId) ?? refuse('blocked')
}
