import type { Conversation, Message, ServerEvent } from '../../protocol/messages'
import type { MessageRow, Position, SendInput } from '../domain/messaging/service'
import type { StreamBaselines } from '../domain/messaging/stream-baselines'
import type { Viewer } from '../domain/viewer'

/**
 * What the gateway needs of Messages, and nothing more: reads to resume and fan out, and the
 * two things a socket may do. Messaging provides these names; the gateway sees no other.
 */
export interface StreamMessaging {
  /** One conversation as the viewer sees it, or null when they are not in it now. */
  conversationFor(viewerId: number, conversationId: number): Promise<Conversation | null>
  /** The user's current conversations, each with its last seq (a resume's snapshot). */
  membershipsOf(userId: number): Promise<Array<{ id: number; last_seq: number }>>
  /** One message with its sender's username, whoever reads it. */
  messageById(messageId: number): Promise<MessageRow | undefined>
  /** Messages after `afterSeq`, oldest first, as the viewer sees them (at most `limit`). */
  messagesAfter(
    viewerId: number,
    conversationId: number,
    afterSeq: number,
    limit?: number,
  ): Promise<MessageRow[]>
  /**
   * The stream positions after `afterSeq` the viewer sees, oldest first (at most `limit`):
   * messages and events about them (reactions, edits, unsends) merged by seq.
   */
  positionsAfter(
    viewerId: number,
    conversationId: number,
    afterSeq: number,
    limit: number,
  ): Promise<Position[]>
  renderMessages(viewerId: number, rows: MessageRow[]): Promise<Message[]>
  /** A message without attachment as every reader sees it. */
  plainMessage(row: MessageRow): Message
  /** The credit of a pin message the viewer sent and sees now (`message.saved`); else null. */
  creditFor(
    viewerId: number,
    messageId: number,
  ): Promise<Omit<Extract<ServerEvent, { type: 'message.saved' }>, 'type'> | null>
  sendMessage(
    sender: Viewer,
    conversationId: string,
    input: SendInput,
  ): Promise<{ message: Message; created: boolean }>
  /** Tells the other members the viewer is typing (the gateway throttles). */
  typing(viewer: Viewer, conversationId: number): Promise<void>
  /**
   * Tells the send path the last seq of each conversation this process has passed on to its
   * sockets (undefined: not known): a send on PostgreSQL then brings back the messages other
   * instances committed after it, in its own `message.created` (`preceding`).
   */
  trackSeen(seen: (conversationId: number) => number | undefined): void
  /** Stored cursor baselines (a person in many conversations): see realtime/cursor.ts. */
  baselines: StreamBaselines
}

/** What the gateway needs of Accounts: whether the credentials of its sockets still stand. */
export interface StreamAccounts {
  /** The credentials among these that still stand, read from the database. */
  standingCredentials(of: {
    sessionHashes: string[]
    tokenIds: number[]
  }): Promise<{ sessionHashes: ReadonlySet<string>; tokenIds: ReadonlySet<number> }>
}

/** What the gateway needs of Brands: a thank-you run's progress, for the brand's own sockets. */
export interface StreamBrands {
  /** The run, when `viewerId` is its brand and still a business account; else null. */
  forStream(
    viewerId: number,
    runId: number,
  ): Promise<Extract<ServerEvent, { type: 'promotion.run' }>['run'] | null>
}

/** What the gateway needs of notices: one notice, for its own person's sockets. */
export interface StreamNotices {
  /** The notice when it is `viewerId`'s own; else null. */
  forStream(
    viewerId: number,
    noticeId: number,
  ): Promise<Extract<ServerEvent, { type: 'notice.created' }>['notice'] | null>
}
