import { sql } from 'kysely'
import type { Db } from '../../db/database'
import { nowIso } from '../../db/database'
import type { MessageEventTable } from '../../db/schema-messages-beyond'
import { NotFoundError } from '../../errors'
import type { Unit } from '../unit'
import {
  visibleMessages,
  visibleMessagesAfter,
  type MessageRepository,
  type MessageRow,
} from './message-repository'

export type MessageEventKind = MessageEventTable['kind']

/** A stream position of a conversation: a message, or an event about one (its current row). */
export interface Position {
  seq: number
  /** the message (for an event: as it is now) */
  row: MessageRow
  /** an event (reaction, edit, unsend) rather than the message's own position */
  event: boolean
}

/**
 * Reactions, edits and unsends as stream positions (see the ordering rule in ARCHITECTURE.md):
 * each takes the conversation's next seq from the same counter as messages, under the
 * conversation's row lock, is stored in `message_events`, and is announced once committed.
 */
export function createMessageEvents(deps: { db: Db; repo: Pick<MessageRepository, 'recipients'> }) {
  const { db, repo } = deps

  /**
   * Records an event about `message` inside the action's unit: the conversation's next seq
   * (its row lock, held to commit, orders it with the messages), the row, and the bus event
   * published after commit. Answers the event's seq.
   */
  async function record(unit: Unit, message: MessageRow, kind: MessageEventKind, actorId: number) {
    const conversationId = Number(message.conversation_id)
    const allocated = await unit.trx
      .updateTable('conversations')
      .set({ last_seq: sql`last_seq + 1` })
      .where('id', '=', conversationId)
      .returning(['last_seq', 'is_group'])
      .executeTakeFirst()
    if (!allocated) throw new NotFoundError('Conversation')
    const seq = Number(allocated.last_seq)
    await unit.trx
      .insertInto('message_events')
      .values({
        conversation_id: conversationId,
        seq,
        message_id: Number(message.id),
        kind,
        actor_id: actorId,
        created_at: nowIso(),
      })
      .execute()
    const members = (await repo.recipients(unit.trx, conversationId, Number(message.sender_id)))
      .filter((m) => m.left_seq === null)
      .map((m) => ({ id: Number(m.user_id), hides: Number(m.hides) === 1 || m.hides === true }))
    unit.publish({
      type: 'message.event',
      conversation_id: conversationId,
      seq,
      message_id: Number(message.id),
      kind,
      member_ids: members.map((m) => m.id),
      // in a group, those who blocked the sender do not see the message, nor what happens to it
      hidden_from:
        Number(allocated.is_group) === 1 ? members.filter((m) => m.hides).map((m) => m.id) : [],
    })
    return seq
  }

  /**
   * The positions after `afterSeq` that `viewerId` sees — messages and events merged in seq
   * order — at most `limit`. Positions they may not see are left out (their cursor moves past).
   *
   * ONE statement, so one snapshot: the seqs commit in order (the conversation's row lock), so
   * what it finds is the run of positions committed when it ran, gapless but for those hidden
   * from the reader. Read as two queries (two pooled connections, two moments), a page could
   * hold the messages from before a send committed and the events from after a later edit:
   * the catch-up then moved the socket's cursor past a message it never sent.
   */
  async function positionsAfter(
    viewerId: number,
    conversationId: number,
    afterSeq: number,
    limit: number,
  ): Promise<Position[]> {
    const messages = visibleMessagesAfter(db, viewerId, conversationId, afterSeq, limit).select([
      sql<number>`msg.seq`.as('pos'),
      sql<number>`0`.as('is_event'),
    ])
    // events about messages the viewer sees, from before they left (if they did)
    const events = visibleMessages(db, viewerId)
      .innerJoin('message_events as ev', 'ev.message_id', 'msg.id')
      .select([sql<number>`ev.seq`.as('pos'), sql<number>`1`.as('is_event')])
      .where('ev.conversation_id', '=', conversationId)
      .where('ev.seq', '>', afterSeq)
      .where((eb) =>
        eb.or([eb('cm.left_seq', 'is', null), eb('ev.seq', '<=', eb.ref('cm.left_seq'))]),
      )
      .orderBy('ev.seq', 'asc')
      .limit(limit)
    const rows = (await db
      .selectFrom(messages.as('m'))
      .selectAll()
      .unionAll(db.selectFrom(events.as('e')).selectAll())
      .orderBy('pos', 'asc')
      .limit(limit)
      .execute()) as Array<MessageRow & { pos: number; is_event: number }>
    return rows.map(({ pos, is_event, ...row }) => ({
      seq: Number(pos),
      row,
      event: Number(is_event) === 1,
    }))
  }

  return { record, positionsAfter }
}

export type MessageEvents = ReturnType<typeof createMessageEvents>
