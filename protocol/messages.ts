/** Wire shapes of Messages: conversations, messages, and the WebSocket event union. */
import type { Static } from 'typebox'
import type { ErrorReason, MessagingRefusal } from './errors'
// type-only: the web app's bundle gets the types, never TypeBox or the schemas themselves
import type { AttachmentRef as AttachmentRefSchema } from './schemas/invites'
import type {
  Attachment as AttachmentSchema,
  Conversation as ConversationSchema,
  Message as MessageSchema,
  MessagingCandidate as MessagingCandidateSchema,
  ShareResult as ShareResultSchema,
  UnreadCount as UnreadCountSchema,
} from './schemas/messaging'
import type { ThankYouRun as ThankYouRunSchema } from './schemas/brands'
import type { Notice } from './schemas/moderation'
import type {
  AlreadyShared as AlreadySharedSchema,
  SavedBy as SavedBySchema,
} from './schemas/credit'

export type { MessagingRefusal }

export type AttachmentType = 'pin' | 'board' | 'user'

/** What a send names: an attachment by type and id. */
export type AttachmentRef = Static<typeof AttachmentRefSchema>

/**
 * A rendered attachment, as one reader may see it: the inner object is null when that
 * reader may not see it (a secret board, a deleted pin, a blocked person).
 */
export type Attachment = Static<typeof AttachmentSchema>

export type Message = Static<typeof MessageSchema>

/** Who saved the pin of a message from its card, as its sender sees them (issue 17). */
export type SavedBy = Static<typeof SavedBySchema>

/** The earlier share of a pin in a conversation (`GET …/already_shared`). */
export type AlreadyShared = Static<typeof AlreadySharedSchema>

/**
 * A conversation as its reader sees it: `participants` are the current members, the reader
 * included; `last_message` is the newest message the reader may see; `read_seqs` are the read
 * markers (username → last_read_seq) of the current members other than the reader.
 */
export type Conversation = Static<typeof ConversationSchema>

/**
 * A person the messaging typeahead lists: `can_message` now or not, and why not (`reason`);
 * `follows_you`: whether they follow the reader (what following them back would change).
 */
export type MessagingCandidate = Static<typeof MessagingCandidateSchema>

/** `unread_count`: unread messages over every conversation that is not muted. */
export type UnreadCount = Static<typeof UnreadCountSchema>

/**
 * A share's answer. `invites`: every email recipient, whether or not the address has an
 * account (the answer never tells): a member's address was sent to like a username, any other
 * was invited. `refused`: recipients left out in the "separately" mode, and why.
 */
export type ShareResult = Static<typeof ShareResultSchema>

/** server → client over `GET /v5/stream` */
export type ServerEvent =
  | { type: 'ready'; cursor: string }
  | { type: 'resync_required' }
  | { type: 'message.created'; message: Message; cursor: string }
  /**
   * A message changed: replace it by id. With `cursor`, a stream position (a reaction, an edit or
   * an unsend, in seq order with the messages); without, a moderator took it down.
   */
  | { type: 'message.updated'; message: Message; cursor?: string }
  | { type: 'conversation.updated'; conversation: Conversation }
  /** the reader is no longer in the conversation (they left): drop it */
  | { type: 'conversation.removed'; conversation_id: string }
  | { type: 'conversation.read'; conversation_id: string; username: string; seq: number }
  | { type: 'typing'; conversation_id: string; username: string }
  | { type: 'pin.updated'; pin_id: string; save_count: number; like_count: number }
  /** someone saved the pin of one of the reader's own messages from its card: its credit now */
  | { type: 'message.saved'; conversation_id: string; message_id: string; saved_by: SavedBy[] }
  /** a pin's votes in a group changed (a hint, not a stream position): update its shortlist */
  | {
      type: 'shortlist.updated'
      conversation_id: string
      pin_id: string
      votes: number
      voters: string[]
    }
  /** a thank-you run's progress, to the brand's own sockets (ads:read) */
  | { type: 'promotion.run'; run: Static<typeof ThankYouRunSchema> }
  /** the app told the reader something (a warning, a report's outcome, an export ready) */
  | { type: 'notice.created'; notice: Notice }
  /**
   * A send of this socket committed. With `cursor`, the ack stands for this socket's
   * `message.created` of it too (the socket gets the message once, and resumes from `cursor`);
   * without, that `message.created` comes on its own, as to the sender's other sockets.
   */
  | { type: 'message.ack'; request_id: string; message: Message; cursor?: string }
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
      /** the message this one replies to */
      reply_to_message_id?: string
    }

export type ServerEventType = ServerEvent['type']
export type ClientEventType = ClientEvent['type']
