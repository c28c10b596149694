import type { Generated } from 'kysely'

/** Reactions and message events (migration 019): see domain/messaging/message-events.ts. */

/** The columns migration 019 adds to `messages`. */
export interface MessageBeyondColumns {
  /** the message this one replies to, null otherwise */
  reply_to_message_id: Generated<number | null>
  /** when its sender last edited it */
  edited_at: Generated<string | null>
  /** when its sender unsent it: text and attachment are then null */
  removed_at: Generated<string | null>
}

/** One person's reaction with one emoji to one message. */
export interface MessageReactionTable {
  message_id: number
  user_id: number
  emoji: string
  created_at: string
  /** the seq its event took (null: made before reactions had one) */
  seq: number | null
}

/**
 * A change to a message that is a stream position: it took the conversation's next seq (as a
 * message does), so resume replays it in order with the messages.
 */
export interface MessageEventTable {
  conversation_id: number
  seq: number
  message_id: number
  kind: 'reaction' | 'edit' | 'unsend'
  actor_id: number | null
  created_at: string
}

/** The tables of migration 019, in the `Database` of schema.ts. */
export interface MessagesBeyondTables {
  message_reactions: MessageReactionTable
  message_events: MessageEventTable
}
