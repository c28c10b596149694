import type { Insertable } from 'kysely'
import type {
  ConversationMemberTable,
  ConversationTable,
  MessageActionTable,
  MessageTable,
} from '../db/schema'

/** A message planned by the demo; its id and seq are given once every message is known. */
export interface PlannedMessage {
  id: number
  seq: number
  pair: [number, number]
  sender_id: number
  at: number
  client_message_id: string
  text: string | null
  attachment: { type: 'pin' | 'board'; id: number } | null
  promotion_id: number | null
}

type WithId<T> = Insertable<T> & { id: number }

/**
 * The demo's 1:1 conversations, as the messaging service would have left them: one per pair,
 * gapless seqs in time order, each member having read up to their own last message (and
 * anything older than a day and a half), and no unread digest owed for any of it.
 */
export class MessageBook {
  private readonly planned: PlannedMessage[] = []
  private readonly actions: (Omit<Insertable<MessageActionTable>, 'message_id'> & {
    message: PlannedMessage
  })[] = []

  send(m: Omit<PlannedMessage, 'id' | 'seq'>): PlannedMessage {
    const message = { ...m, id: 0, seq: 0 }
    this.planned.push(message)
    return message
  }

  /** what someone did from a message's pin card (brand analytics count these) */
  cardAction(message: PlannedMessage, userId: number, action: 'save' | 'click', at: number) {
    this.actions.push({
      message,
      user_id: userId,
      action,
      pin_id: message.attachment?.id ?? null,
      created_at: new Date(at).toISOString(),
    })
  }

  /** ids after the given ones, in time order; then the rows */
  finish(after: { conversation: number; message: number }, now: number) {
    const iso = (ms: number) => new Date(ms).toISOString()
    const byPair = new Map<string, PlannedMessage[]>()
    const inOrder = [...this.planned].sort((a, b) => a.at - b.at || a.sender_id - b.sender_id)
    inOrder.forEach((m, i) => {
      m.id = after.message + i + 1
      const key = pairKey(m.pair)
      const list = byPair.get(key) ?? []
      list.push(m)
      byPair.set(key, list)
      m.seq = list.length
    })
    const conversations: WithId<ConversationTable>[] = []
    const members: Insertable<ConversationMemberTable>[] = []
    const messages: WithId<MessageTable>[] = []
    const pairs = [...byPair.entries()].sort(([, a], [, b]) => a[0]!.at - b[0]!.at)
    pairs.forEach(([key, list], i) => {
      const id = after.conversation + i + 1
      const first = list[0]!
      const last = list.at(-1)!
      conversations.push({
        id,
        is_group: 0,
        title: null,
        pair_key: key,
        last_seq: last.seq,
        last_message_at: iso(last.at),
        created_by: first.sender_id,
        created_at: iso(first.at),
      })
      for (const userId of first.pair) {
        const read = list.filter((m) => m.sender_id === userId || m.at < now - 36 * 3600_000)
        members.push({
          conversation_id: id,
          user_id: userId,
          joined_seq: 0,
          left_seq: null,
          muted: 0,
          last_read_seq: Math.max(0, ...read.map((m) => m.seq)),
          joined_at: iso(first.at),
          digest_seq: last.seq,
          digested_at: null,
        })
      }
      for (const m of list) {
        messages.push({
          id: m.id,
          conversation_id: id,
          seq: m.seq,
          sender_id: m.sender_id,
          client_message_id: m.client_message_id,
          text: m.text,
          attachment_type: m.attachment?.type ?? null,
          attachment_id: m.attachment?.id ?? null,
          created_at: iso(m.at),
          promotion_id: m.promotion_id,
        })
      }
    })
    messages.sort((a, b) => a.id - b.id)
    const conversationOf = new Map(conversations.map((c) => [c.pair_key!, c.id] as const))
    const actions = this.actions.map(({ message, ...a }) => ({ ...a, message_id: message.id }))
    return {
      conversations,
      members,
      messages,
      actions,
      conversationOf: (m: PlannedMessage) => conversationOf.get(pairKey(m.pair))!,
    }
  }
}

const pairKey = ([a, b]: [number, number]) => (a < b ? `${a}:${b}` : `${b}:${a}`)
