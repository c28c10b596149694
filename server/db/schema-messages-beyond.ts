/** Reactions and message events (migration 019): see domain/messaging/message-events.ts. */

/** One person's reaction with one emoji to one message. */
export interface MessageReactionTable {
  message_id: number
  user_id: number
  emoji: string
  created_at: string
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
