import type {
  AttachmentRef,
  ClientEvent,
  Message,
  ServerEvent,
  ServerEventType,
} from '../../protocol/messages'
import { STREAM_CLOSE_REVOKED } from '../../protocol/messages'
import { ApiError, api } from './api'

/**
 * The one WebSocket of a tab (`GET /v5/stream`): hello with the last cursor → replay → ready
 * → live; reconnects with backoff and jitter; resumes from the cursor (kept in memory and in
 * sessionStorage); de-duplicates messages by id; sends messages over the socket with an HTTP
 * fallback, both idempotent by client_message_id.
 */

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

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface SendInput {
  conversation_id: string
  client_message_id: string
  text?: string
  attachment?: AttachmentRef
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

const OPEN = 1
const SEEN_LIMIT = 5000

interface PendingAck {
  input: SendInput
  resolve: (message: Message) => void
  reject: (err: unknown) => void
  timer: ReturnType<typeof setTimeout>
}

/** Next reconnect delay: exponential from `base`, capped, with "equal jitter" (50–100 %). */
export function backoffDelay(attempt: number, base: number, max: number, random: number): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 16))
  return Math.round(ceiling / 2 + (ceiling / 2) * random)
}

/** A UUID, also where crypto.randomUUID is missing (plain http on a LAN address). */
export function newClientId(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID()
    } catch {
      // not a secure context
    }
  }
  const bytes = new Uint8Array(16)
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function defaultUrl(): string {
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/v5/stream`
}

function defaultStorage(): StorageLike | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

function httpSend(input: SendInput): Promise<Message> {
  const { conversation_id, ...body } = input
  return api<Message>(`/v5/conversations/${conversation_id}/messages`, {
    method: 'POST',
    body,
  })
}

function parseEvent(data: unknown): ServerEvent | null {
  if (typeof data !== 'string') return null
  try {
    const v = JSON.parse(data) as unknown
    if (typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string') {
      return v as ServerEvent
    }
  } catch {
    // not JSON
  }
  return null
}

type AnyHandler = (event: ServerEvent) => void

export class Stream {
  private readonly opts: Required<Omit<StreamOptions, 'storage' | 'storageKey'>> & {
    storage: StorageLike | null
    storageKey: string
  }
  private socket: SocketLike | null = null
  private stopped = true
  private attempt = 0
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private handlers = new Map<ServerEventType, Set<AnyHandler>>()
  private stateHandlers = new Set<(state: ConnectionState) => void>()
  private syncHandlers = new Set<() => void>()
  private seen = new Set<string>()
  private acks = new Map<string, PendingAck>()
  private lastTyping = new Map<string, number>()
  /** whether the hello of the current socket carried no cursor (or got resync_required) */
  private needsSync = false
  private _state: ConnectionState = 'connecting'
  private _cursor: string | null

  constructor(options: StreamOptions = {}) {
    this.opts = {
      url: options.url ?? '',
      storageKey: options.storageKey ?? 'corkboard:stream-cursor',
      storage: options.storage === undefined ? defaultStorage() : options.storage,
      createSocket: options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      post: options.post ?? httpSend,
      random: options.random ?? Math.random,
      ackTimeoutMs: options.ackTimeoutMs ?? 8000,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 8000,
      typingIntervalMs: options.typingIntervalMs ?? 2500,
      checkSession: options.checkSession ?? (() => api('/v5/user_account')),
    }
    let stored: string | null
    try {
      stored = this.opts.storage?.getItem(this.opts.storageKey) ?? null
    } catch {
      stored = null
    }
    this._cursor = stored
  }

  get state(): ConnectionState {
    return this._state
  }

  get cursor(): string | null {
    return this._cursor
  }

  start() {
    if (!this.stopped) return
    this.stopped = false
    if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
      window.addEventListener('online', this.onOnline)
    }
    this.connect()
  }

  stop() {
    this.stopped = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    if (typeof window !== 'undefined' && typeof window.removeEventListener === 'function') {
      window.removeEventListener('online', this.onOnline)
    }
    const socket = this.socket
    this.socket = null
    if (socket) {
      socket.onclose = null
      socket.onmessage = null
      socket.close(1000, 'bye')
    }
    this.failAcksOverHttp()
  }

  /** Handlers for one event type; returns the unsubscribe function. */
  on<K extends ServerEventType>(type: K, handler: (event: EventOf<K>) => void): () => void {
    let set = this.handlers.get(type)
    if (!set) this.handlers.set(type, (set = new Set()))
    const h = handler as AnyHandler
    set.add(h)
    return () => set.delete(h)
  }

  onState(handler: (state: ConnectionState) => void): () => void {
    this.stateHandlers.add(handler)
    return () => this.stateHandlers.delete(handler)
  }

  /** Called when what the client holds may be stale (fresh start, resync): refetch. */
  onSync(handler: () => void): () => void {
    this.syncHandlers.add(handler)
    return () => this.syncHandlers.delete(handler)
  }

  /** "I am typing" in a conversation, at most once per interval; dropped while offline. */
  typing(conversationId: string) {
    const now = Date.now()
    if (now - (this.lastTyping.get(conversationId) ?? 0) < this.opts.typingIntervalMs) return
    if (this.sendFrame({ type: 'typing', conversation_id: conversationId })) {
      this.lastTyping.set(conversationId, now)
    }
  }

  /**
   * Sends a message: over the socket when it is ready (answered by its ack), else over HTTP.
   * A socket that does not ack in time, or drops, hands the send to HTTP with the same
   * client_message_id, so the server keeps one message whatever path won.
   */
  sendMessage(input: SendInput): Promise<Message> {
    if (this._state !== 'online') return this.opts.post(input)
    const requestId = newClientId()
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        const pending = this.acks.get(requestId)
        if (!pending) return
        this.acks.delete(requestId)
        this.opts.post(input).then(resolve, reject)
      }, this.opts.ackTimeoutMs)
      this.acks.set(requestId, { input, resolve, reject, timer })
      const sent = this.sendFrame({
        type: 'message.send',
        request_id: requestId,
        ...input,
      })
      if (!sent) {
        clearTimeout(timer)
        this.acks.delete(requestId)
        this.opts.post(input).then(resolve, reject)
      }
    })
  }

  private onOnline = () => {
    if (this.stopped || this._state === 'online' || this.socket) return
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.connect()
  }

  private setState(state: ConnectionState) {
    if (this._state === state) return
    this._state = state
    for (const h of [...this.stateHandlers]) h(state)
  }

  private setCursor(cursor: string | null) {
    this._cursor = cursor
    try {
      if (cursor) this.opts.storage?.setItem(this.opts.storageKey, cursor)
      else this.opts.storage?.removeItem(this.opts.storageKey)
    } catch {
      // storage full or disabled: the cursor stays in memory
    }
  }

  private sendFrame(event: ClientEvent): boolean {
    const socket = this.socket
    if (!socket || socket.readyState !== OPEN) return false
    try {
      socket.send(JSON.stringify(event))
      return true
    } catch {
      return false
    }
  }

  private connect() {
    if (this.stopped) return
    let socket: SocketLike
    try {
      socket = this.opts.createSocket(this.opts.url || defaultUrl())
    } catch {
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    socket.onopen = () => {
      if (this.socket !== socket) return
      this.needsSync = this._cursor === null
      this.sendFrame({ type: 'hello', cursor: this._cursor })
    }
    socket.onmessage = (frame) => {
      if (this.socket !== socket) return
      const event = parseEvent(frame.data)
      if (event) this.handle(event)
    }
    socket.onerror = () => {
      // a close follows; reconnecting happens there
    }
    socket.onclose = (event) => {
      if (this.socket !== socket) return
      this.socket = null
      this.failAcksOverHttp()
      if (this.stopped) return
      this.setState(this._state === 'connecting' ? 'connecting' : 'reconnecting')
      if ((event as { code?: number } | null)?.code === STREAM_CLOSE_REVOKED) {
        // Logged out or password changed elsewhere: a signed-out tab stops; one whose own
        // session was renewed (its password change) reconnects with the new cookie.
        this.retryTimer = setTimeout(() => void this.afterRevoked(), 0)
        return
      }
      this.scheduleReconnect()
    }
  }

  private async afterRevoked() {
    try {
      await this.opts.checkSession()
    } catch {
      // a 401 signs the tab out through the api client; anything else: retry as usual
    }
    this.retryTimer = null
    this.scheduleReconnect()
  }

  private scheduleReconnect() {
    if (this.stopped || this.retryTimer) return
    const delay = backoffDelay(
      this.attempt,
      this.opts.baseDelayMs,
      this.opts.maxDelayMs,
      this.opts.random(),
    )
    this.attempt += 1
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      this.connect()
    }, delay)
  }

  /** Sends waiting for an ack on a socket that is gone go over HTTP (same client id). */
  private failAcksOverHttp() {
    const pending = [...this.acks.values()]
    this.acks.clear()
    for (const p of pending) {
      clearTimeout(p.timer)
      this.opts.post(p.input).then(p.resolve, p.reject)
    }
  }

  private remember(id: string): boolean {
    if (this.seen.has(id)) return false
    this.seen.add(id)
    if (this.seen.size > SEEN_LIMIT) {
      const oldest = this.seen.values().next().value
      if (oldest !== undefined) this.seen.delete(oldest)
    }
    return true
  }

  private emit(event: ServerEvent) {
    const set = this.handlers.get(event.type)
    if (!set) return
    for (const h of [...set]) {
      try {
        h(event)
      } catch (err) {
        console.error(err)
      }
    }
  }

  private handle(event: ServerEvent) {
    switch (event.type) {
      case 'ready': {
        this.setCursor(event.cursor)
        this.attempt = 0
        this.setState('online')
        this.emit(event)
        if (this.needsSync) {
          this.needsSync = false
          for (const h of [...this.syncHandlers]) h()
        }
        return
      }
      case 'resync_required':
        this.needsSync = true
        this.setCursor(null)
        this.emit(event)
        return
      case 'message.created':
        this.setCursor(event.cursor)
        if (this.remember(event.message.id)) this.emit(event)
        return
      case 'message.ack': {
        const pending = this.acks.get(event.request_id)
        if (pending) {
          this.acks.delete(event.request_id)
          clearTimeout(pending.timer)
          pending.resolve(event.message)
        }
        this.emit(event)
        return
      }
      case 'error': {
        const pending = event.request_id ? this.acks.get(event.request_id) : undefined
        if (pending && event.request_id) {
          this.acks.delete(event.request_id)
          clearTimeout(pending.timer)
          pending.reject(
            new ApiError(event.code, {
              code: event.code,
              message: event.message,
              reason: event.reason,
            }),
          )
        }
        this.emit(event)
        return
      }
      default:
        this.emit(event)
    }
  }

  /** Marks a message id as delivered (one that arrived over HTTP), so a replay is dropped. */
  markSeen(id: string) {
    this.remember(id)
  }
}
