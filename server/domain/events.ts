import type { MessageRow } from './messaging/message-repository'

/**
 * What the hottest reads keep in memory (see caches.ts), each derived from the database:
 * - `pins`: a pin as every reader sees it, by pin id;
 * - `readers`: a reader's own facts (blocks, likes, saves), by user id;
 * - `auth`: who a session or access token belongs to, by the credential's hash;
 * - `feeds`: the newest pins of a reader's home-feed network, by user id.
 */
export type CacheName = 'pins' | 'readers' | 'auth' | 'feeds'

/** A new message, as its event names it. */
export interface CreatedMessage {
  conversation_id: number
  seq: number
  message_id: number
  sender_id: number
  /** current members, the sender included (their other tabs) */
  member_ids: number[]
  /** members of a group who blocked the sender: they do not see the message */
  hidden_from: number[]
  /**
   * The row as committed (messages are written once), so that other instances deliver it
   * without reading it back; absent from events of an earlier release.
   */
  row?: MessageRow
}

/** What a new message's event says of it, from its row as committed. */
export const createdMessage = (
  row: MessageRow,
  memberIds: number[],
  hiddenFrom: number[],
): CreatedMessage => ({
  conversation_id: row.conversation_id,
  seq: row.seq,
  message_id: row.id,
  sender_id: row.sender_id,
  member_ids: memberIds,
  hidden_from: hiddenFrom,
  row,
})

/**
 * What the domain announces once a write has committed, for the WebSocket gateway (and every
 * instance's caches) to act on. Events are hints that
 * something is committed, kept small (ids and a new message's row, never rendered views): the
 * gateway renders each recipient's view. Published only after commit.
 */
export type BusEvent =
  | ({
      type: 'message.created'
      /**
       * Only in the writing instance's own copy, never sent to other instances: the messages
       * they committed just before this one that this instance had not passed on yet (the
       * send function returned them with it), passed on here first rather than waited for.
       */
      preceding?: CreatedMessage[]
    } & CreatedMessage)
  /**
   * A reaction, edit or unsend: a stream position of its own (`seq`, from the conversation's
   * counter), delivered in seq order with the messages as the message's current state.
   */
  | {
      type: 'message.event'
      conversation_id: number
      seq: number
      message_id: number
      kind: 'reaction' | 'edit' | 'unsend'
      /** current members */
      member_ids: number[]
      /** members of a group who blocked the message's sender: they do not see it */
      hidden_from: number[]
    }
  /** a message changed in place (taken down by a moderator): members re-render it */
  | {
      type: 'message.updated'
      conversation_id: number
      seq: number
      message_id: number
      /** current members */
      member_ids: number[]
    }
  | {
      type: 'conversation.updated'
      conversation_id: number
      /** current members, plus a member who just left (so their clients drop it) */
      member_ids: number[]
    }
  | {
      type: 'conversation.read'
      conversation_id: number
      user_id: number
      username: string
      seq: number
      member_ids: number[]
    }
  | {
      type: 'typing'
      conversation_id: number
      user_id: number
      username: string
      member_ids: number[]
    }
  | {
      type: 'pin.updated'
      pin_id: number
      save_count: number
      like_count: number
      /** who may see the pin (a secret board's owner); null: anyone */
      visible_to: number[] | null
    }
  /**
   * Credentials of a user stopped being valid (logout, token deleted, password changed,
   * account suspended or deleted): every socket they authenticated closes, on every instance.
   */
  | {
      type: 'credentials.revoked'
      user_id: number
      /** the sessions ended, by the hash of their id; null: every session of the user */
      session_hashes: string[] | null
      /** the access tokens deleted, by id; null: every token of the user */
      token_ids: number[] | null
    }
  /** a pin's votes in a group changed: to the current members who may see the pin (a hint) */
  | {
      type: 'shortlist.updated'
      conversation_id: number
      pin_id: number
      votes: number
      /** current members who vote for it, first vote first */
      voters: string[]
      member_ids: number[]
    }
  /** a brand's thank-you run moved on (sent, skipped, paused, resumed, done): its progress to the brand */
  | { type: 'promotion.run'; brand_id: number; run_id: number }
  /** the app told a person something (a warning, a report's outcome): to their sockets only */
  | { type: 'notice.created'; user_id: number; notice_id: number }
  /** someone saved the pin of a message from its card: the sender's credit, to their sockets only */
  | { type: 'message.saved'; conversation_id: number; message_id: number; sender_id: number }
  /** what these keys of a cache were derived from changed (null: possibly any key) */
  | { type: 'cache.stale'; cache: CacheName; keys: number[] | string[] | null }

export type BusEventType = BusEvent['type']

export interface EventBus {
  publish(event: BusEvent): Promise<void>
  /** Calls `fn` for every event published from now on; returns the unsubscribe. */
  subscribe(fn: (event: BusEvent) => void): () => void
  close(): Promise<void>
}
