/** Wire shapes of Messages: conversations, messages, and the WebSocket event union. */
import type { Board, Pin, UserSummary } from './api'
import type { ErrorReason, MessagingRefusal } from './errors'

export type { MessagingRefusal }

export type AttachmentType = 'pin' | 'board' | 'user'

/** What a send names: an attachment by type and id. */
export interface AttachmentRef {
  type: AttachmentType
  id: string
}

/**
 * A rendered attachment, as one reader may see it: the inner object is null when that
 * reader may not see it (a secret board, a deleted pin, a blocked person).
 */
export type Attachment =
  | { type: 'pin'; pin: Pin | null }
  | { type: 'board'; board: Board | null }
  | { type: 'user'; user: UserSummary | null }

export interface Message {
  id: string
  conversation_id: string
  seq: number
  sender: { username: string }
  created_at: string
  client_message_id: string
  text: string | null
  attachment: Attachment | null
}

export interface Conversation {
  id: string
  is_group: boolean
  title: string | null
  /** current members, the reader included */
  participants: UserSummary[]
  /** the newest message the reader may see */
  last_message: Message | null
  unread_count: number
  muted: boolean
  created_at: string
  last_seq: number
  /** read markers (username → last_read_seq) of the current members other than the reader */
  read_seqs: Record<string, number>
}

export interface UnreadCount {
  /** unread messages over every conversation that is not muted */
  unread_count: number
  conversations_with_unread: number
}

export interface ShareResult {
  conversations: Conversation[]
  /**
   * every email recipient, whether or not the address has an account (the answer never
   * tells): a member's address was sent to like a username, any other was invited
   */
  invites: { email: string }[]
  /** recipients left out in the "separately" mode, and why */
  refused: { username: string; reason: MessagingRefusal }[]
}

/** server → client over `GET /v5/stream` */
export type ServerEvent =
  | { type: 'ready'; cursor: string }
  | { type: 'resync_required' }
  | { type: 'message.created'; message: Message; cursor: string }
  | { type: 'conversation.updated'; conversation: Conversation }
  /** the reader is no longer in the conversation (they left): drop it */
  | { type: 'conversation.removed'; conversation_id: string }
  | { type: 'conversation.read'; conversation_id: string; username: string; seq: number }
  | { type: 'typing'; conversation_id: string; username: string }
  | { type: 'pin.updated'; pin_id: string; save_count: number; like_count: number }
  | { type: 'message.ack'; request_id: string; message: Message }
  | { type: 'error'; request_id?: string; code: number; reason: ErrorReason; message: string }

/**
 * Close codes of `GET /v5/stream` of its own: 4401, the credential that opened the socket was
 * revoked (logout, token deleted, password changed, account suspended): sign in again rather
 * than reconnect with it.
 */
export const STREAM_CLOSE_REVOKED = 4401

/**
 * client → server over `GET /v5/stream`. Sending, typing (and any write) needs the
 * `messages:write` scope, as over REST: without it, an `error` frame 403 `insufficient_scope`.
 */
export type ClientEvent =
  | { type: 'hello'; cursor: string | null }
  | { type: 'typing'; conversation_id: string }
  | {
      type: 'message.send'
      request_id: string
      conversation_id: string
      client_message_id: string
      text?: string
      attachment?: AttachmentRef
    }

export type ServerEventType = ServerEvent['type']
export type ClientEventType = ClientEvent['type']
