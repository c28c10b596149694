import type { Attachment, Message } from '../../../protocol/messages'
import { sql } from 'kysely'
import type { Db } from '../../db/database'
import { isTombstoneUsername } from '../accounts/deletion'
import { BadRequestError } from '../../errors'
import { visibleMessage, visibleMessages, type MessageRow } from './message-repository'

/**
 * Of these messages, those `viewerId` sees as a member (current or past), whatever the
 * conversation: what a reply's quote may show.
 */
const visibleMessagesByIds = (conn: Db, viewerId: number, ids: number[]) =>
  visibleMessages(conn, viewerId).where('msg.id', 'in', ids).execute() as Promise<MessageRow[]>

export type Reaction = Message['reactions'][number]
export type ReplyTo = NonNullable<Message['reply_to']>

/**
 * The reactions to these messages, by message id: one entry per emoji, emoji in the order of
 * their first reaction, usernames in the order they reacted. Rows just written have none (no
 * query for them).
 */
export async function reactionsFor(db: Db, rows: MessageRow[]): Promise<Map<number, Reaction[]>> {
  const ids = rows.filter((r) => !r.fresh && r.removed_at === null).map((r) => Number(r.id))
  const byMessage = new Map<number, Reaction[]>()
  if (ids.length === 0) return byMessage
  const reactions = await db
    .selectFrom('message_reactions as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.message_id', 'r.emoji', 'u.username'])
    .where('r.message_id', 'in', ids)
    .orderBy('r.message_id')
    // the order they were made: their events' seqs (none before those were kept: the oldest)
    .orderBy(sql`coalesce(r.seq, 0)`)
    .orderBy('r.created_at')
    .orderBy('r.user_id')
    .execute()
  for (const r of reactions) {
    const id = Number(r.message_id)
    const list = byMessage.get(id) ?? []
    let entry = list.find((e) => e.emoji === r.emoji)
    if (!entry) list.push((entry = { emoji: r.emoji, count: 0, usernames: [] }))
    entry.count += 1
    entry.usernames.push(r.username)
    byMessage.set(id, list)
  }
  return byMessage
}

/** The messages these rows reply to that `viewerId` may see (as a member), by id. */
export async function repliedTo(
  db: Db,
  viewerId: number,
  rows: MessageRow[],
): Promise<Map<number, MessageRow>> {
  const ids = [
    ...new Set(
      rows
        .map((r) => r.reply_to_message_id)
        .filter((id): id is number => id !== null)
        .map(Number),
    ),
  ]
  if (ids.length === 0) return new Map()
  const found = await visibleMessagesByIds(db, viewerId, ids)
  return new Map(found.map((r) => [Number(r.id), r]))
}

/** Unsent (removed_at), or neither text nor attachment: only a removal leaves a message so. */
export const isRemoved = (r: MessageRow) =>
  r.removed_at !== null || (r.text === null && r.attachment_type === null)

/** The quote of an original in a reply: text and attachment null once it was removed. */
export function replyQuote(r: MessageRow, attachment: Attachment | null): ReplyTo {
  const gone = isRemoved(r)
  return {
    id: String(r.id),
    seq: Number(r.seq),
    sender: isTombstoneUsername(r.sender_username)
      ? { username: r.sender_username, deleted: true }
      : { username: r.sender_username },
    text: gone ? null : r.text,
    attachment: gone ? null : attachment,
  }
}

/** A reply's original: a message of this conversation that the sender sees (else 400). */
export async function requireOriginal(
  conn: Db,
  senderId: number,
  conversationId: number,
  originalId: number,
) {
  const original = await visibleMessage(conn, senderId, originalId)
  if (!original || Number(original.conversation_id) !== conversationId) {
    throw new BadRequestError('reply_to_message_id names no message here.', 'invalid_reply_to')
  }
  return original
}
