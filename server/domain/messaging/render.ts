import { sql } from 'kysely'
import type { Board, Pin, UserSummary } from '../../../protocol/api'
import type { Attachment, Conversation, Message } from '../../../protocol/messages'
import type { Db } from '../../db/database'
import { boardSerializer } from '../boards/serializer'
import { notBlockedWith } from '../graph/blocks'
import { userSummaryColumns } from '../graph/user-summary'
import type { GraphService } from '../graph/service'
import { selectPinViews, visiblePinsTo } from '../pins/repository'
import type { PinsService } from '../pins/service'
import type { Shown } from '../pins/views'
import { ownerNotSuspended, removedAmong } from '../moderation/suspension'
import { isTombstoneUsername } from '../accounts/deletion'
import { creditsFor } from './credit'
import { isRemoved, reactionsFor, repliedTo, replyQuote } from './message-extras'
import type { MessageRepository, MessageRow } from './message-repository'
import type { ConversationRepository, InboxRow } from './repository'

export interface RendererDeps {
  db: Db
  conversations: Pick<ConversationRepository, 'participants'>
  messages: Pick<MessageRepository, 'messagesByIds' | 'unreadCounts'>
  pins: Pick<PinsService, 'toPins'>
  graph: Pick<GraphService, 'toSummary'>
  publicUrl: string
}

const idsOf = (rows: MessageRow[], type: NonNullable<MessageRow['attachment_type']>) => [
  ...new Set(
    rows
      .filter((r) => r.attachment_type === type && r.attachment_id !== null)
      .map((r) => Number(r.attachment_id)),
  ),
]

/**
 * A message just written with no attachment and no quote: every reader sees it the same, with
 * nothing to load (no reactions, no credit yet), so `plainMessage` renders it.
 */
export const sameForEveryone = (r: MessageRow) =>
  r.fresh === true && r.attachment_type === null && r.reply_to_message_id == null

/** A message on the wire, with its attachment as rendered for the reader (none: null). */
export function plainMessage(r: MessageRow, attachment: Attachment | null = null): Message {
  return {
    id: String(r.id),
    conversation_id: String(r.conversation_id),
    seq: Number(r.seq),
    sender: isTombstoneUsername(r.sender_username)
      ? { username: r.sender_username, deleted: true }
      : { username: r.sender_username },
    created_at: r.created_at,
    client_message_id: r.client_message_id,
    // who saved it from the card: filled in the sender's own view only (renderMessages)
    saved_by: [],
    text: r.text,
    attachment,
    promotion_id: r.promotion_id === null ? null : String(r.promotion_id),
    removed: isRemoved(r),
    // filled by renderMessages (plainMessage alone: a message just written, not a reply)
    reactions: [],
    reply_to: null,
    edited_at: r.edited_at ?? null,
  }
}

/**
 * Renders messages and conversations as one reader sees them, in a fixed number of queries
 * whatever the number of rows (attachments are loaded per type in one batch each).
 */
export function createRenderer(deps: RendererDeps) {
  const { db, conversations, messages, pins, graph } = deps
  const toBoards = boardSerializer(db, deps.publicUrl)

  async function visiblePins(
    viewerId: number,
    ids: number[],
    shown?: Shown,
  ): Promise<Map<number, Pin>> {
    if (ids.length === 0) return new Map()
    const rows = await selectPinViews(db, viewerId)
      .where('p.id', 'in', ids)
      .where(visiblePinsTo(viewerId))
      .where('users.suspended_at', 'is', null)
      .execute()
    shown?.(rows.map((r) => ({ id: Number(r.id), ownerId: Number(r.owner_id) })))
    const rendered = await pins.toPins(rows, viewerId)
    return new Map(rendered.map((p) => [Number(p.id), p]))
  }

  async function visibleBoards(viewerId: number, ids: number[]): Promise<Map<number, Board>> {
    if (ids.length === 0) return new Map()
    const rows = await db
      .selectFrom('boards')
      .selectAll()
      .where('id', 'in', ids)
      .where(notBlockedWith(viewerId, 'boards.owner_id'))
      .where(ownerNotSuspended('boards.owner_id'))
      // a secret group board shows to its collaborators too
      .where(
        sql<boolean>`(boards.privacy = 'PUBLIC' or boards.owner_id = ${viewerId} or exists (select 1 from board_collaborators rbc where rbc.board_id = boards.id and rbc.user_id = ${viewerId}))`,
      )
      .execute()
    const rendered = await toBoards(rows, viewerId)
    return new Map(rendered.map((b) => [Number(b.id), b]))
  }

  async function visibleUsers(viewerId: number, ids: number[]): Promise<Map<number, UserSummary>> {
    if (ids.length === 0) return new Map()
    const rows = await db
      .selectFrom('users as u')
      .select((eb) => [...userSummaryColumns(eb, viewerId), 'u.created_at as since'])
      .where('u.id', 'in', ids)
      .where(notBlockedWith(viewerId, 'u.id'))
      .where('u.suspended_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .execute()
    return new Map(rows.map((r) => [Number(r.id), graph.toSummary(r, viewerId)]))
  }

  /**
   * Wire messages for `viewerId`, attachments rendered for that reader (null where hidden);
   * `shown` hears which pins the cards show, with their owners (the messages page's impressions).
   */
  async function renderMessages(
    viewerId: number,
    rows: MessageRow[],
    shown?: Shown,
  ): Promise<Message[]> {
    if (rows.every(sameForEveryone)) return rows.map((r) => plainMessage(r))
    // the originals replies quote (those the reader sees), their attachments loaded with the rest
    const [originals, reactions] = await Promise.all([
      repliedTo(db, viewerId, rows),
      reactionsFor(db, rows),
    ])
    const all = originals.size === 0 ? rows : [...rows, ...originals.values()]
    const [pinMap, boardMap, userMap] = await Promise.all([
      visiblePins(viewerId, idsOf(all, 'pin'), shown),
      visibleBoards(viewerId, idsOf(all, 'board')),
      visibleUsers(viewerId, idsOf(all, 'user')),
    ])
    // of the pins and boards not shown, those a moderator took down (the card says so)
    const removed = await removedAmong(
      db,
      idsOf(all, 'pin').filter((id) => !pinMap.has(id)),
      idsOf(all, 'board').filter((id) => !boardMap.has(id)),
    )
    const attachmentOf = (r: MessageRow): Attachment | null => {
      const id = Number(r.attachment_id)
      switch (r.attachment_type) {
        case 'pin': {
          const pin = pinMap.get(id) ?? null
          return pin || !removed.pins.has(id)
            ? { type: 'pin', pin }
            : { type: 'pin', pin: null, removed: true }
        }
        case 'board': {
          const board = boardMap.get(id) ?? null
          return board || !removed.boards.has(id)
            ? { type: 'board', board }
            : { type: 'board', board: null, removed: true }
        }
        case 'user':
          return { type: 'user', user: userMap.get(id) ?? null }
        default:
          return null
      }
    }
    // credit, in the sender's own view of their pin messages only
    const credit = await creditsFor(
      db,
      viewerId,
      rows
        .filter((r) => Number(r.sender_id) === viewerId && r.attachment_type === 'pin')
        .map((r) => Number(r.id)),
    )
    return rows.map((r) => {
      const message = plainMessage(r, attachmentOf(r))
      const savedBy = credit.get(Number(r.id))
      if (savedBy) message.saved_by = savedBy
      message.reactions = reactions.get(Number(r.id)) ?? []
      const original =
        r.reply_to_message_id === null ? undefined : originals.get(Number(r.reply_to_message_id))
      if (original) message.reply_to = replyQuote(original, attachmentOf(original))
      return message
    })
  }

  /** Wire conversations for `viewerId`: participants, read markers, last message, unread. */
  async function renderConversations(viewerId: number, rows: InboxRow[]): Promise<Conversation[]> {
    const ids = rows.map((r) => Number(r.id))
    const lastIds = rows.map((r) => r.last_message_id).filter((id): id is number => id !== null)
    const [participants, lastRows, unread] = await Promise.all([
      conversations.participants(ids, viewerId),
      messages.messagesByIds(lastIds.map(Number)),
      messages.unreadCounts(viewerId, ids, false),
    ])
    const lastMessages = await renderMessages(viewerId, lastRows)
    const lastById = new Map(lastMessages.map((m) => [Number(m.id), m]))
    const unreadById = new Map(unread.map((u) => [Number(u.conversation_id), Number(u.n)]))
    const peopleById = new Map<number, UserSummary[]>()
    const readSeqsById = new Map<number, Record<string, number>>()
    for (const p of participants) {
      const conversationId = Number(p.conversation_id)
      const list = peopleById.get(conversationId) ?? []
      list.push(graph.toSummary(p, viewerId))
      peopleById.set(conversationId, list)
      if (Number(p.id) !== viewerId) {
        const seqs = readSeqsById.get(conversationId) ?? {}
        seqs[p.username] = Number(p.last_read_seq)
        readSeqsById.set(conversationId, seqs)
      }
    }
    return rows.map((r) => ({
      id: String(r.id),
      is_group: Number(r.is_group) === 1,
      title: r.title,
      participants: peopleById.get(Number(r.id)) ?? [],
      last_message:
        r.last_message_id === null ? null : (lastById.get(Number(r.last_message_id)) ?? null),
      unread_count: unreadById.get(Number(r.id)) ?? 0,
      muted: Number(r.muted) === 1,
      created_at: r.created_at,
      last_seq: Number(r.last_seq),
      read_seqs: readSeqsById.get(Number(r.id)) ?? {},
    }))
  }

  return { renderMessages, renderConversations }
}

export type Renderer = ReturnType<typeof createRenderer>
