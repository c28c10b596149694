import { sql, type Transaction } from 'kysely'
import type { Db } from '../../db/database'
import { preparedQuery, preparedQueryOn } from '../../db/prepared'
import type { Database, MessageTable } from '../../db/schema'
import { visiblePinsTo } from '../pins/repository'

type Trx = Transaction<Database>

/** A message with its sender's username: what rendering needs. */
export interface MessageRow {
  id: number
  conversation_id: number
  seq: number
  sender_id: number
  sender_username: string
  client_message_id: string
  text: string | null
  attachment_type: MessageTable['attachment_type']
  attachment_id: number | null
  created_at: string
  /** a brand's thank-you names its promotion; null for anything else */
  promotion_id: number | null
  /** the message this one replies to; null: not a reply */
  reply_to_message_id: number | null
  edited_at: string | null
  /** unsent by its sender (text and attachment are then null) */
  removed_at: string | null
  /** just written: no reactions yet (the renderer need not look) */
  fresh?: boolean
}

/**
 * Messages a member sees (aliases `msg`, `cm` — the reader's membership — and `c`): those
 * after they joined and up to when they left; in a group, none from people they blocked.
 */
export const visibleToMember = sql<boolean>`msg.seq > cm.joined_seq and (cm.left_seq is null or msg.seq <= cm.left_seq) and (c.is_group = 0 or not exists (select 1 from blocks hb where hb.blocker_id = cm.user_id and hb.blocked_id = msg.sender_id))`

const MESSAGE_COLUMNS = [
  'msg.id',
  'msg.conversation_id',
  'msg.seq',
  'msg.sender_id',
  'su.username as sender_username',
  'msg.client_message_id',
  'msg.text',
  'msg.attachment_type',
  'msg.attachment_id',
  'msg.created_at',
  'msg.promotion_id',
  'msg.reply_to_message_id',
  'msg.edited_at',
  'msg.removed_at',
] as const

/** Messages (`msg`) with their sender's username, whoever reads them. */
function messagesWithSender(conn: Db) {
  return conn
    .selectFrom('messages as msg')
    .innerJoin('users as su', 'su.id', 'msg.sender_id')
    .select(MESSAGE_COLUMNS)
}

/**
 * Messages `viewerId` sees as a member (see `visibleToMember`), over every conversation they
 * belong or belonged to, with their membership (`cm`) and conversation (`c`) joined.
 */
function memberMessages(db: Db, viewerId: number) {
  return db
    .selectFrom('messages as msg')
    .innerJoin('conversation_members as cm', (j) =>
      j.onRef('cm.conversation_id', '=', 'msg.conversation_id').on('cm.user_id', '=', viewerId),
    )
    .innerJoin('conversations as c', 'c.id', 'msg.conversation_id')
    .where(visibleToMember)
}

/** Messages `viewerId` may see, with their sender's username. */
export function visibleMessages(db: Db, viewerId: number) {
  return memberMessages(db, viewerId)
    .innerJoin('users as su', 'su.id', 'msg.sender_id')
    .select(MESSAGE_COLUMNS)
}

/** One message `viewerId` sees as a current member, on `conn` (the root database or a transaction). */
export const visibleMessage = (conn: Db, viewerId: number, messageId: number) =>
  visibleMessages(conn, viewerId)
    .where('msg.id', '=', messageId)
    .where('cm.left_seq', 'is', null)
    .executeTakeFirst() as Promise<MessageRow | undefined>

/** The query for messages of a conversation `viewerId` sees after `afterSeq`, oldest first. */
export const visibleMessagesAfter = (
  db: Db,
  viewerId: number,
  conversationId: number,
  afterSeq: number,
  limit: number,
) =>
  visibleMessages(db, viewerId)
    .where('msg.conversation_id', '=', conversationId)
    .where('msg.seq', '>', afterSeq)
    .orderBy('msg.seq', 'asc')
    .limit(limit)

/** Messages: sending, reading as a member sees them, unread counts. (Reports: domain/moderation.) */
export function createMessageRepository(db: Db) {
  // Every send looks its client id up and inserts, and every live message is loaded by id:
  // compiled once (see db/prepared.ts).
  const byClientIdOn = preparedQueryOn(db, 2, (senderId: number, clientMessageId: string) =>
    messagesWithSender(db)
      .where('msg.sender_id', '=', senderId)
      .where('msg.client_message_id', '=', clientMessageId),
  )
  const byId = preparedQuery(db, 1, (messageId: number) =>
    messagesWithSender(db).where('msg.id', '=', messageId),
  )
  const insert = preparedQueryOn(
    db,
    10,
    (
      ...v: [
        number,
        number,
        number,
        string,
        string | null,
        string | null,
        number | null,
        string,
        number | null,
        number | null,
      ]
    ) =>
      db
        .insertInto('messages')
        .values({
          conversation_id: v[0],
          seq: v[1],
          sender_id: v[2],
          client_message_id: v[3],
          text: v[4],
          attachment_type: v[5] as MessageTable['attachment_type'],
          attachment_id: v[6],
          created_at: v[7],
          promotion_id: v[8],
          reply_to_message_id: v[9],
        })
        .returningAll(),
  )
  const recipientsOn = preparedQueryOn(db, 2, (conversationId: number, senderId: number) =>
    db
      .selectFrom('conversation_members as cm')
      .select([
        'cm.user_id',
        'cm.left_seq',
        sql<
          number | boolean
        >`exists (select 1 from blocks hb where hb.blocker_id = cm.user_id and hb.blocked_id = ${senderId})`.as(
          'hides',
        ),
      ])
      .where('cm.conversation_id', '=', conversationId),
  )
  const allocateSeqOn = preparedQueryOn(db, 2, (conversationId: number, now: string) =>
    db
      .updateTable('conversations')
      .set({ last_seq: sql`last_seq + 1`, last_message_at: now })
      .where('id', '=', conversationId)
      .returning(['last_seq', 'is_group']),
  )

  return {
    /** Takes the conversation row's lock and the next seq, in one statement. */
    async allocateSeq(trx: Trx, conversationId: number, now: string) {
      const [row] = await allocateSeqOn(trx, conversationId, now)
      return row ? { seq: Number(row.last_seq), isGroup: Number(row.is_group) === 1 } : null
    },

    /** Every member (left ones too), and for each whether they blocked `senderId` (`hides`). */
    recipients: (conn: Db, conversationId: number, senderId: number) =>
      recipientsOn(conn, conversationId, senderId),

    /** In a 1:1, a new message brings back the other person if they had left. */
    reviveLeft: (trx: Trx, conversationId: number, exceptUserId: number, seq: number) =>
      trx
        .updateTable('conversation_members')
        .set({ left_seq: null, joined_seq: seq, last_read_seq: seq })
        .where('conversation_id', '=', conversationId)
        .where('user_id', '!=', exceptUserId)
        .where('left_seq', 'is not', null)
        .execute(),

    async insertMessage(
      trx: Trx,
      m: Omit<
        MessageTable,
        'id' | 'promotion_id' | 'reply_to_message_id' | 'edited_at' | 'removed_at'
      > & {
        promotion_id?: number | null
        reply_to_message_id?: number | null
      },
    ): Promise<Omit<MessageRow, 'sender_username'>> {
      const [row] = await insert(
        trx,
        m.conversation_id,
        m.seq,
        m.sender_id,
        m.client_message_id,
        m.text,
        m.attachment_type,
        m.attachment_id,
        m.created_at,
        m.promotion_id ?? null,
        m.reply_to_message_id ?? null,
      )
      return {
        ...row!,
        id: Number(row!.id),
        promotion_id: row!.promotion_id === null ? null : Number(row!.promotion_id),
        reply_to_message_id:
          row!.reply_to_message_id === null ? null : Number(row!.reply_to_message_id),
        fresh: true,
      }
    },

    byClientId: (conn: Db, senderId: number, clientMessageId: string) =>
      byClientIdOn(conn, senderId, clientMessageId).then((r) => r[0] as MessageRow | undefined),

    /** One message with its sender's username, whoever reads it. */
    messageById: (messageId: number) => byId(messageId).then((r) => r[0] as MessageRow | undefined),

    /** Visible messages of one conversation, newest first, below `beforeSeq`. */
    pageDesc(viewerId: number, conversationId: number, beforeSeq: number | null, limit: number) {
      return visibleMessages(db, viewerId)
        .where('msg.conversation_id', '=', conversationId)
        .$if(beforeSeq !== null, (q) => q.where('msg.seq', '<', beforeSeq!))
        .orderBy('msg.seq', 'desc')
        .limit(limit)
        .execute() as Promise<MessageRow[]>
    },

    /** Visible messages of one conversation after `afterSeq`, oldest first. */
    pageAsc: (
      ...args: [viewerId: number, conversationId: number, afterSeq: number, limit: number]
    ) => visibleMessagesAfter(db, ...args).execute() as Promise<MessageRow[]>,

    /**
     * What an unread-message digest lists: visible messages from others in (afterSeq, upToSeq]
     * sent after `since` (when the reader was last seen online; null: never), oldest first; not
     * unsent ones (their text is gone: a digest composed after an unsend does not show it).
     */
    unreadAway(q: {
      viewerId: number
      conversationId: number
      afterSeq: number
      upToSeq: number
      since: string | null
    }) {
      return visibleMessages(db, q.viewerId)
        .where('msg.conversation_id', '=', q.conversationId)
        .where('msg.seq', '>', q.afterSeq)
        .where('msg.seq', '<=', q.upToSeq)
        .where('msg.sender_id', '!=', q.viewerId)
        .where('msg.removed_at', 'is', null)
        .$if(q.since !== null, (b) => b.where('msg.created_at', '>', q.since!))
        .orderBy('msg.seq', 'asc')
    },

    visibleMessage: (viewerId: number, messageId: number) =>
      visibleMessage(db, viewerId, messageId),

    messagesByIds: (ids: number[]) =>
      ids.length === 0
        ? Promise.resolve([] as MessageRow[])
        : (messagesWithSender(db).where('msg.id', 'in', ids).execute() as Promise<MessageRow[]>),

    /**
     * Unread messages per conversation: visible, from others, after the read marker. `only`
     * narrows to some conversations; `skipMuted` leaves muted ones out (the header badge).
     */
    unreadCounts(viewerId: number, only: number[] | null, skipMuted: boolean) {
      if (only !== null && only.length === 0) return Promise.resolve([])
      return memberMessages(db, viewerId)
        .select(['msg.conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('cm.left_seq', 'is', null)
        .whereRef('msg.seq', '>', 'cm.last_read_seq')
        .where('msg.sender_id', '!=', viewerId)
        .$if(only !== null, (q) => q.where('msg.conversation_id', 'in', only!))
        .$if(skipMuted, (q) => q.where('cm.muted', '=', 0))
        .groupBy('msg.conversation_id')
        .execute()
    },

    /**
     * Pins shared in a conversation that the reader sees (in messages they see), newest share
     * first: each pin once, positioned by its latest share.
     */
    sharedPinIds(
      viewerId: number,
      conversationId: number,
      beforeSeq: number | null,
      limit: number,
    ) {
      return memberMessages(db, viewerId)
        .innerJoin('pins as p', 'p.id', 'msg.attachment_id')
        .select(['p.id', (eb) => eb.fn.max('msg.seq').as('shared_seq')])
        .where('msg.conversation_id', '=', conversationId)
        .where('msg.attachment_type', '=', 'pin')
        .where(visiblePinsTo(viewerId))
        .groupBy('p.id')
        .$if(beforeSeq !== null, (q) => q.having((eb) => eb.fn.max('msg.seq'), '<', beforeSeq!))
        .orderBy('shared_seq', 'desc')
        .limit(limit)
        .execute()
    },
  }
}

export type MessageRepository = ReturnType<typeof createMessageRepository>
