import { sql } from 'kysely'
import type { Static } from 'typebox'
import type { SavedBy as SavedBySchema } from '../../../protocol/schemas/credit'
import type { Db } from '../../db/database'
import { notBlockedWith } from '../graph/blocks'
import { visibleMessage } from './message-repository'

export type SavedBy = Static<typeof SavedBySchema>

/**
 * Who saved the pins of these messages from their cards, for the messages' sender (credit is
 * theirs alone): by message id, in the order of the saves, one entry per person and board.
 * People deleted, suspended or blocked either way are left out; a board is named only when the
 * sender may see it (public, theirs, or one they collaborate on) — else `board` is null. The
 * sender's own saves are no credit.
 */
export async function creditsFor(
  db: Db,
  senderId: number,
  messageIds: number[],
): Promise<Map<number, SavedBy[]>> {
  const out = new Map<number, SavedBy[]>()
  if (messageIds.length === 0) return out
  const rows = await db
    .selectFrom('message_actions as ma')
    .innerJoin('messages as msg', 'msg.id', 'ma.message_id')
    .innerJoin('users as u', 'u.id', 'ma.user_id')
    .leftJoin('pins as cp', 'cp.id', 'ma.saved_pin_id')
    .leftJoin('boards as b', 'b.id', 'cp.board_id')
    .select([
      'ma.message_id',
      'u.username',
      'b.id as board_id',
      'b.name as board_name',
      sql<number>`case when b.privacy = 'PUBLIC' or b.owner_id = ${senderId} or exists (select 1 from board_collaborators bc where bc.board_id = b.id and bc.user_id = ${senderId}) then 1 else 0 end`.as(
        'board_visible',
      ),
    ])
    .where('ma.message_id', 'in', messageIds)
    .where('ma.action', '=', 'save')
    .where('msg.sender_id', '=', senderId)
    .where('ma.user_id', '!=', senderId)
    .where('u.deleted_at', 'is', null)
    .where('u.suspended_at', 'is', null)
    .where(notBlockedWith(senderId, 'u.id'))
    .orderBy('ma.id')
    .execute()
  const seen = new Set<string>()
  for (const r of rows) {
    const messageId = Number(r.message_id)
    const board =
      r.board_id !== null && Number(r.board_visible) === 1
        ? { id: String(r.board_id), name: r.board_name ?? '' }
        : null
    const key = `${messageId}:${r.username}:${board?.id ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    const list = out.get(messageId) ?? []
    list.push({ username: r.username, board })
    out.set(messageId, list)
  }
  return out
}

/**
 * One message's credit for the stream's `message.saved`: only when `viewerId` sent it and sees
 * it now as a member (what the REST read of the conversation would show them); else null.
 */
export async function creditFor(
  db: Db,
  viewerId: number,
  messageId: number,
): Promise<{ conversation_id: string; message_id: string; saved_by: SavedBy[] } | null> {
  const message = await visibleMessage(db, viewerId, messageId)
  if (!message || Number(message.sender_id) !== viewerId || message.attachment_type !== 'pin') {
    return null
  }
  const credit = await creditsFor(db, viewerId, [messageId])
  return {
    conversation_id: String(message.conversation_id),
    message_id: String(message.id),
    saved_by: credit.get(messageId) ?? [],
  }
}
