import { LIMITS } from '../../../protocol/limits'
import { nowIso } from '../../db/database'
import type { Unit } from '../unit'
import type { ConversationRepository } from './repository'

export const GROUP_CAP = LIMITS.conversation.groupSize
export const TITLE_MAX = LIMITS.conversation.title

/** The "<lower id>:<higher id>" key that keeps a 1:1 unique. */
export const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`)

type OpeningsRepo = Pick<
  ConversationRepository,
  'conversationByPairKey' | 'membership' | 'lockConversation' | 'join' | 'insertConversation'
>

/**
 * The caller's 1:1 with `otherId`, created or joined again as needed, inside `unit`. Two
 * people creating it at the same moment: one fails on the pair key (the caller retries).
 */
export async function openPair(unit: Unit, repo: OpeningsRepo, viewerId: number, otherId: number) {
  const { trx } = unit
  const now = nowIso()
  const existing = await repo.conversationByPairKey(trx, pairKey(viewerId, otherId))
  if (existing) {
    const id = Number(existing.id)
    const m = await repo.membership(trx, id, viewerId)
    if (m && m.left_seq === null) return { id, created: false }
    const locked = await repo.lockConversation(trx, id)
    await repo.join(trx, id, [viewerId], Number(locked?.last_seq ?? 0), now)
    unit.publish({ type: 'conversation.updated', conversation_id: id, member_ids: [viewerId] })
    return { id, created: false }
  }
  const id = await repo.insertConversation(
    trx,
    { is_group: 0, title: null, pair_key: pairKey(viewerId, otherId), by: viewerId },
    now,
  )
  await repo.join(trx, id, [viewerId, otherId], 0, now)
  unit.publish({
    type: 'conversation.updated',
    conversation_id: id,
    member_ids: [viewerId, otherId],
  })
  return { id, created: true }
}

/** A new group of the viewer and `memberIds`, inside `unit`; its id. */
export async function createGroup(
  unit: Unit,
  repo: OpeningsRepo,
  viewerId: number,
  memberIds: number[],
  title: string | null,
) {
  const now = nowIso()
  const id = await repo.insertConversation(
    unit.trx,
    { is_group: 1, title, pair_key: null, by: viewerId },
    now,
  )
  const all = [viewerId, ...memberIds]
  await repo.join(unit.trx, id, all, 0, now)
  unit.publish({ type: 'conversation.updated', conversation_id: id, member_ids: all })
  return id
}
