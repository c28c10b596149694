import type {
  AttachmentRef,
  Message,
  ServerEvent,
  ServerEventType,
} from '../../../protocol/messages'

/** `connecting`: first connection; `online`: ready; `reconnecting`: lost, trying again. */
export type ConnectionState = 'connecting' | 'online' | 'reconnecting'

export type EventOf<K extends ServerEventType> = Extract<ServerEvent, { type: K }>

/** What the stream needs of a WebSocket (the browser's, or a fake in tests). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((event: unknown) => void) | null
  onclose: ((event: unknown) => void) | null
  onerror: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface SendInput {
  conversation_id: string
  client_message_id: string
  text?: string
  attachment?: AttachmentRef
  /** the message this one replies to (same conversation) */
  reply_to_message_id?: string
}

export interface StreamOptions {
  url?: string
  /** sessionStorage key of the cursor (per account) */
  storageKey?: string
  storage?: StorageLike | null
  createSocket?: (url: string) => SocketLike
  /** HTTP send, used when the socket is not ready or does not answer */
  post?: (input: SendInput) => Promise<Message>
  random?: () => number
  /** how long a socket send waits for its ack before it falls back to HTTP */
  ackTimeoutMs?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** typing frames per conversation at most this often */
  typingIntervalMs?: number
  /**
   * Asked when the server closed the socket because its credential was revoked (4401): a 401
   * here signs the tab out (the api client's listener); otherwise it reconnects at once.
   */
  checkSession?: () => Promise<unknown>
}
