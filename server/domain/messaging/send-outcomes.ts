import type { MessagingRefusal } from '../../../protocol/errors'
import type { MessageRow } from './message-repository'

/**
 * What PostgreSQL's `corkboard_send_messages` (db/migrations/send-function.ts) answers, row by
 * row, and what a send's outcome is made of it (send-batch.ts calls it).
 */

/** A message committed before a send's, by another instance, with who may see it. */
export interface Preceding {
  row: MessageRow
  memberIds: number[]
  hiddenFrom: number[]
}

/** What the function answered for one send. */
export type BatchOutcome =
  | {
      outcome: 'created'
      /** without sender_username (the caller knows it) */
      row: Omit<MessageRow, 'sender_username'>
      memberIds: number[]
      hiddenFrom: number[]
      revived: number[]
      /**
       * the messages other instances committed just before it that the caller had not seen
       * (`SendBatcherOptions.seen`), oldest first
       */
      preceding: Preceding[]
    }
  | { outcome: 'duplicate'; row: MessageRow }
  | { outcome: 'reused' | 'not_found' }
  | { outcome: MessagingRefusal; username: string | null }

export interface FunctionRow {
  o_idx: number
  o_outcome: string
  o_refused_username: string | null
  o_id: number | null
  o_conversation_id: number | null
  o_seq: number | null
  o_sender_id: number | null
  o_client_message_id: string | null
  o_text: string | null
  o_attachment_type: MessageRow['attachment_type']
  o_attachment_id: number | null
  o_created_at: string | null
  o_promotion_id: number | null
  o_sender_username: string | null
  // read as numbers, as every int8[] (db/database.ts)
  o_member_ids: number[] | null
  o_hidden_from: number[] | null
  o_revived: number[] | null
}

const ids = (a: number[] | null) => a ?? []

/**
 * The row of a 'created', 'duplicate' or 'preceding' answer, without sender_username: the send
 * function writes plain messages only (a reply goes through append), and returns only plain
 * ones before them.
 */
const rowOf = (r: FunctionRow): Omit<MessageRow, 'sender_username'> => ({
  id: Number(r.o_id),
  conversation_id: Number(r.o_conversation_id),
  seq: Number(r.o_seq),
  sender_id: Number(r.o_sender_id),
  client_message_id: r.o_client_message_id!,
  text: r.o_text,
  attachment_type: r.o_attachment_type,
  attachment_id: r.o_attachment_id === null ? null : Number(r.o_attachment_id),
  created_at: r.o_created_at!,
  promotion_id: r.o_promotion_id === null ? null : Number(r.o_promotion_id),
  reply_to_message_id: null,
  edited_at: null,
  removed_at: null,
})

function outcomeOf(r: FunctionRow): BatchOutcome {
  switch (r.o_outcome) {
    case 'created':
      return {
        outcome: 'created',
        // just written: no reactions yet
        row: { ...rowOf(r), fresh: true },
        memberIds: ids(r.o_member_ids),
        hiddenFrom: ids(r.o_hidden_from),
        revived: ids(r.o_revived),
        preceding: [],
      }
    case 'duplicate':
      return { outcome: 'duplicate', row: { ...rowOf(r), sender_username: r.o_sender_username! } }
    case 'reused':
    case 'not_found':
      return { outcome: r.o_outcome }
    default:
      return { outcome: r.o_outcome as MessagingRefusal, username: r.o_refused_username }
  }
}

/**
 * The function's rows, read: one outcome per send, by its index. A send's 'preceding' rows come
 * just before its own.
 */
export function outcomesOf(rows: FunctionRow[], sends: number): BatchOutcome[] {
  const out = new Array<BatchOutcome>(sends)
  let preceding: Preceding[] = []
  for (const r of rows) {
    if (r.o_outcome === 'preceding') {
      preceding.push({
        // committed moments ago and plain, with no reaction, edit or unsend since
        row: { ...rowOf(r), sender_username: r.o_sender_username!, fresh: true },
        memberIds: ids(r.o_member_ids),
        hiddenFrom: ids(r.o_hidden_from),
      })
      continue
    }
    const outcome = outcomeOf(r)
    if (outcome.outcome === 'created' && preceding.length > 0) outcome.preceding = preceding
    preceding = []
    out[r.o_idx] = outcome
  }
  return out
}
