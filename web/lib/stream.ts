import type { ClientEvent, Message, ServerEvent, ServerEventType } from '../../protocol/messages'
import { STREAM_CLOSE_REVOKED } from '../../protocol/messages'
import { ApiError, api } from './api'
import { Cursor, defaultStorage } from './stream/cursor'
import { EventHandlers, SeenIds, parseEvent } from './stream/events'
import { Outbox } from './stream/outbox'
import { Retry } from './stream/retry'
import type { ConnectionState, EventOf, SendInput, SocketLike, StreamOptions } from './stream/types'

export { newClientId } from './stream/client-id'
export { backoffDelay } from './stream/retry'
export type { ConnectionState, EventOf, SendInput, SocketLike, StreamOptions } from './stream/types'

/**
 * The one WebSocket of a tab (`GET /v5/stream`): hello with the last cursor → replay → ready
 * → live; reconnects with backoff and jitter (stream/retry); resumes from the cursor
 * (stream/cursor); de-duplicates messages by id (stream/events); sends messages over the
 * socket with an HTTP fallback, both idempotent by client_message_id (stream/outbox).
 */

const OPEN = 1

function defaultUrl(): string {
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/v5/stream`
}

function httpSend(input: SendInput): Promise<Message> {
  const { conversation_id, ...body } = input
  return api<Message>(`/v5/conversations/${conversation_id}/messages`, {
    method: 'POST',
    body,
  })
}

export class Stream {
  private readonly opts: Required<Omit<StreamOptions, 'storage' | 'storageKey'>>
  private socket: SocketLike | null = null
  private stopped = true
  private readonly retry: Retry
  private readonly handlers = new EventHandlers()
  private stateHandlers = new Set<(state: ConnectionState) => void>()
  private syncHandlers = new Set<() => void>()
  private readonly seen = new SeenIds()
  private readonly outbox: Outbox
  private lastTyping = new Map<string, number>()
  /** whether the hello of the current socket carried no cursor (or got resync_required) */
  private needsSync = false
  private _state: ConnectionState = 'connecting'
  private readonly _cursor: Cursor

  constructor(options: StreamOptions = {}) {
    this.opts = {
      url: options.url ?? '',
      createSocket: options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      post: options.post ?? httpSend,
      random: options.random ?? Math.random,
      ackTimeoutMs: options.ackTimeoutMs ?? 8000,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 8000,
      typingIntervalMs: options.typingIntervalMs ?? 2500,
      checkSession: options.checkSession ?? (() => api('/v5/user_account')),
    }
    this._cursor = new Cursor(
      options.storage === undefined ? defaultStorage() : options.storage,
      options.storageKey ?? 'corkboard:stream-cursor',
    )
    this.retry = new Retry(this.opts)
    this.outbox = new Outbox(this.opts.post, this.opts.ackTimeoutMs)
  }

  get state(): ConnectionState {
    return this._state
  }

  get cursor(): string | null {
    return this._cursor.value
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
    this.retry.cancel()
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
    this.outbox.failOverHttp()
  }

  /** Handlers for one event type; returns the unsubscribe function. */
  on<K extends ServerEventType>(type: K, handler: (event: EventOf<K>) => void): () => void {
    return this.handlers.on(type, handler)
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
    return this.outbox.send(input, (event) => this.sendFrame(event))
  }

  /** Marks a message id as delivered (one that arrived over HTTP), so a replay is dropped. */
  markSeen(id: string) {
    this.seen.remember(id)
  }

  private onOnline = () => {
    if (this.stopped || this._state === 'online' || this.socket) return
    this.retry.cancel()
    this.connect()
  }

  private setState(state: ConnectionState) {
    if (this._state === state) return
    this._state = state
    for (const h of [...this.stateHandlers]) h(state)
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
      this.needsSync = this._cursor.value === null
      this.sendFrame({ type: 'hello', cursor: this._cursor.value })
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
      this.outbox.failOverHttp()
      if (this.stopped) return
      this.setState(this._state === 'connecting' ? 'connecting' : 'reconnecting')
      if ((event as { code?: number } | null)?.code === STREAM_CLOSE_REVOKED) {
        // Logged out or password changed elsewhere: a signed-out tab stops; one whose own
        // session was renewed (its password change) reconnects with the new cookie.
        this.retry.soon(() => void this.afterRevoked())
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
    this.retry.release()
    this.scheduleReconnect()
  }

  private scheduleReconnect() {
    if (this.stopped) return
    this.retry.schedule(() => this.connect())
  }

  private handle(event: ServerEvent) {
    switch (event.type) {
      case 'ready': {
        this._cursor.set(event.cursor)
        this.retry.reset()
        this.setState('online')
        this.handlers.emit(event)
        if (this.needsSync) {
          this.needsSync = false
          for (const h of [...this.syncHandlers]) h()
        }
        return
      }
      case 'resync_required':
        this.needsSync = true
        this._cursor.set(null)
        this.handlers.emit(event)
        return
      case 'message.created':
        this._cursor.set(event.cursor)
        if (this.seen.remember(event.message.id)) this.handlers.emit(event)
        return
      case 'message.updated':
        // a reaction, an edit or an unsend is a stream position of its own: resume past it
        if (event.cursor) this._cursor.set(event.cursor)
        this.handlers.emit(event)
        return
      case 'message.ack':
        // with a cursor, the ack is also this socket's message.created of the message
        if (event.cursor) {
          this._cursor.set(event.cursor)
          if (this.seen.remember(event.message.id)) {
            this.handlers.emit({
              type: 'message.created',
              message: event.message,
              cursor: event.cursor,
            })
          }
        }
        this.outbox.acked(event.request_id, event.message)
        this.handlers.emit(event)
        return
      case 'error':
        this.outbox.refused(
          event.request_id,
          () =>
            new ApiError(event.code, {
              code: event.code,
              message: event.message,
              reason: event.reason,
            }),
        )
        this.handlers.emit(event)
        return
      default:
        this.handlers.emit(event)
    }
  }
}
