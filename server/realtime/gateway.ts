import type { Logger } from 'pino'
import type { RawData, WebSocket } from 'ws'
import {
  STREAM_CLOSE_REVOKED,
  type ClientEvent,
  type Message,
  type ServerEvent,
} from '../../protocol/messages'
import type { MessageRow, MessagingService } from '../domain/messaging/service'
import type { Presence } from '../domain/notifications/presence'
import type { AccountsService } from '../domain/accounts/service'
import type { Viewer } from '../domain/viewer'
import { parseId } from '../domain/pagination'
import { AppError, NotFoundError } from '../errors'
import { requireScope } from '../http/auth'
import type { BusEvent, EventBus } from '../domain/events'
import { decodeCursor, encodeCursor, type CursorState } from './cursor'

const HEARTBEAT_MS = 25_000
/** A resume that would replay more than this is refused: the client refetches instead. */
const MAX_REPLAY = 2000
const TYPING_THROTTLE_MS = 2000
/** The close code of a socket whose credential was revoked (logout, token deleted, …). */
export const REVOKED_CLOSE_CODE = STREAM_CLOSE_REVOKED
/**
 * How often every socket's credential is re-read from the database: the bound on how long a
 * revocation whose hint was lost with no outage to recover from (its instance died between
 * commit and publish) leaves a socket open.
 */
const CREDENTIAL_RECHECK_MS = 60_000
/**
 * What may wait for one socket, unwritten (ws's bufferedAmount): past it the socket is cut
 * off and resumes from its cursor. Frames it sends prove nothing; only reading drains this.
 */
export const MAX_SOCKET_BACKLOG_BYTES = 2 * 1024 * 1024
/** Deliveries that may wait in one socket's chain (each small: ids, a closure). */
const MAX_QUEUED_DELIVERIES = 10_000
/** How long a closing socket has to answer the close frame before it is dropped. */
const CLOSE_GRACE_MS = 1000

interface Connection {
  viewer: Viewer
  socket: WebSocket
  /** last seq delivered per conversation; empty until `hello` */
  cursor: CursorState
  /** bus events queue up behind the replay from `hello` on; dropped before it */
  listening: boolean
  ready: boolean
  alive: boolean
  /** deliveries run one after another per connection, so each conversation stays in order */
  chain: Promise<void>
  /** deliveries waiting in the chain or running */
  queued: number
  lastTyping: Map<number, number>
  /** its credential was revoked: it is closing, and nothing it sends is acted on */
  revoked: boolean
  /** frames wait for this: its credential re-checked in the database once it is registered */
  verified: Promise<void>
}

export interface GatewayStats {
  connections: number
}

/**
 * The WebSocket side of Messages: `hello` with a cursor → replay → `ready` → live. Bus events
 * are hints; what a socket receives always comes from the database, and a socket that sees a
 * gap in a conversation's seq backfills it from there. One per process.
 */
export function createGateway(deps: {
  bus: EventBus
  messaging: MessagingService
  /** a socket's credential is re-checked against the database when it opens and after an outage */
  accounts: Pick<AccountsService, 'standingCredentials'>
  log: Logger
  /** who is online: told when a socket opens and when it closes */
  presence: Pick<Presence, 'online' | 'offline'>
  /** e.g. a short one in tests (default CREDENTIAL_RECHECK_MS) */
  credentialRecheckMs?: number
}) {
  const { bus, messaging, accounts, log, presence } = deps
  const byUser = new Map<number, Set<Connection>>()

  let closing = false

  /** Writes a frame; a socket that lets its backlog pass the bound is cut off instead. */
  const write = (conn: Connection, frame: string) => {
    const { socket } = conn
    if (socket.readyState !== socket.OPEN) return
    socket.send(frame)
    if (socket.bufferedAmount > MAX_SOCKET_BACKLOG_BYTES) cutOff(conn)
  }
  const send = (conn: Connection, event: ServerEvent) => write(conn, JSON.stringify(event))

  /** A socket that does not read: closed (it resumes from its cursor), dropped if it must be. */
  function cutOff(conn: Connection) {
    if (conn.socket.readyState !== conn.socket.OPEN) return
    log.warn(
      { user: conn.viewer.id, buffered: conn.socket.bufferedAmount, queued: conn.queued },
      'stream socket is not reading; closing it',
    )
    void closeSocket(conn.socket, 4008, 'not reading')
  }
  /**
   * Sends a close frame and resolves once the socket is closed; terminates it when the close
   * handshake does not complete within the grace (a frame stuck behind a backlog, a client
   * that ignores it).
   */
  function closeSocket(socket: WebSocket, code: number, reason: string): Promise<void> {
    if (socket.readyState === socket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS)
      socket.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      socket.close(code, reason)
    })
  }

  const enqueue = (conn: Connection, work: () => Promise<void>) => {
    if (conn.socket.readyState !== conn.socket.OPEN) return
    if (conn.queued >= MAX_QUEUED_DELIVERIES) return cutOff(conn)
    conn.queued++
    conn.chain = conn.chain
      .then(work)
      .catch((err: unknown) => {
        log.error({ err }, 'stream delivery failed; closing the socket so the client resumes')
        conn.socket.close(1011, 'delivery failed')
      })
      .then(() => void conn.queued--)
  }
  const connectionsOf = (userIds: number[]) =>
    userIds.flatMap((id) => [...(byUser.get(id) ?? [])].filter((conn) => !conn.revoked))

  /** The credential that opened the socket is gone: it closes, and nothing it sends counts. */
  function revoke(conn: Connection) {
    if (conn.revoked) return
    conn.revoked = true
    void closeSocket(conn.socket, REVOKED_CLOSE_CODE, 'credentials revoked')
  }
  const revokedBy = (
    viewer: Viewer,
    event: Extract<BusEvent, { type: 'credentials.revoked' }>,
  ): boolean =>
    viewer.via === 'session'
      ? event.session_hashes === null || event.session_hashes.includes(viewer.sessionHash ?? '')
      : event.token_ids === null || event.token_ids.includes(viewer.tokenId ?? -1)

  /**
   * Closes every socket among `conns` whose credential no longer stands in the database: for
   * a socket opened while its credential was being revoked, and for a revocation whose bus
   * event was lost.
   */
  async function verifyCredentials(conns: Connection[]) {
    const sessionHashes = conns.flatMap((c) => (c.viewer.sessionHash ? [c.viewer.sessionHash] : []))
    const tokenIds = conns.flatMap((c) =>
      c.viewer.tokenId !== undefined ? [c.viewer.tokenId] : [],
    )
    const standing = await accounts.standingCredentials({ sessionHashes, tokenIds })
    for (const conn of conns) {
      const { sessionHash, tokenId } = conn.viewer
      const stands =
        sessionHash !== undefined
          ? standing.sessionHashes.has(sessionHash)
          : tokenId !== undefined && standing.tokenIds.has(tokenId)
      if (!stands) revoke(conn)
    }
  }

  /** A refused frame answers an error frame with the refusal's code and reason. */
  function refuse(conn: Connection, err: AppError, requestId?: string) {
    send(conn, {
      type: 'error',
      ...(requestId !== undefined ? { request_id: requestId } : {}),
      code: err.status,
      reason: err.reason ?? 'error',
      message: err.message,
    })
  }

  async function deliver(conn: Connection, rows: MessageRow[]) {
    if (rows.length === 0) return
    const messages = await messaging.renderMessages(conn.viewer.id, rows)
    for (const message of messages) sendMessage(conn, message)
  }

  /** `json`: the message already serialised (one live message shared by every recipient). */
  function sendMessage(conn: Connection, message: Message, json?: string) {
    const conversationId = Number(message.conversation_id)
    if ((conn.cursor.get(conversationId) ?? -1) >= message.seq) return
    conn.cursor.set(conversationId, message.seq)
    const cursor = encodeCursor(conn.viewer.id, conn.cursor)
    if (json === undefined) return send(conn, { type: 'message.created', message, cursor })
    // the same text JSON.stringify gives for { type, message, cursor }
    write(conn, `{"type":"message.created","message":${json},"cursor":"${cursor}"}`)
  }

  /**
   * A live message, loaded once for all its recipients in this process; rendered once too
   * when it has no attachment (then every reader sees the same). Null when it is gone.
   */
  interface Live {
    row: MessageRow
    shared: { message: Message; json: string } | null
  }
  const liveOf = (row: MessageRow): Live => {
    if (row.attachment_type !== null) return { row, shared: null }
    const message = messaging.plainMessage(row)
    return { row, shared: { message, json: JSON.stringify(message) } }
  }
  async function loadLive(messageId: number): Promise<Live | null> {
    const row = await messaging.messageById(messageId)
    return row ? liveOf(row) : null
  }

  /**
   * The next message of a conversation the connection is up to date in goes out from the
   * shared load; anything else (a gap, a conversation it has not seen yet) backfills from the
   * database as before.
   */
  async function deliverLive(
    conn: Connection,
    conversationId: number,
    seq: number,
    live: () => Promise<Live | null>,
  ) {
    if (conn.cursor.get(conversationId) !== seq - 1) return catchUp(conn, conversationId, seq)
    const loaded = await live()
    if (!loaded) return catchUp(conn, conversationId, seq)
    if (loaded.shared) return sendMessage(conn, loaded.shared.message, loaded.shared.json)
    const [message] = await messaging.renderMessages(conn.viewer.id, [loaded.row])
    sendMessage(conn, message!)
  }

  /** Brings a connection up to `seq` in a conversation, backfilling any gap from the database. */
  async function catchUp(conn: Connection, conversationId: number, seq: number) {
    const last = conn.cursor.get(conversationId) ?? 0
    if (seq <= last) return
    let after = last
    // Page until `seq` is reached: a short page is not the end (messagesAfter caps its pages,
    // and messages hidden from this reader leave holes), only an empty one is.
    while (after < seq) {
      const rows = await messaging.messagesAfter(conn.viewer.id, conversationId, after, 250)
      if (rows.length === 0) {
        // Hidden from this reader (blocked sender) or not theirs: move past without sending.
        conn.cursor.set(conversationId, Math.max(conn.cursor.get(conversationId) ?? 0, seq))
        return
      }
      await deliver(conn, rows)
      after = Number(rows[rows.length - 1]!.seq)
    }
  }

  async function hello(conn: Connection, cursor: string | null) {
    const memberships = await messaging.membershipsOf(conn.viewer.id)
    const current: CursorState = new Map(memberships.map((m) => [Number(m.id), Number(m.last_seq)]))
    const fresh = () => {
      conn.cursor = current
      conn.ready = true
      send(conn, { type: 'ready', cursor: encodeCursor(conn.viewer.id, conn.cursor) })
    }
    if (cursor === null) return fresh()
    const state = decodeCursor(conn.viewer.id, cursor)
    const servable =
      state !== null && [...state].every(([c, seq]) => !current.has(c) || seq <= current.get(c)!)
    const missing = servable
      ? memberships.reduce((n, m) => n + Number(m.last_seq) - (state!.get(Number(m.id)) ?? 0), 0)
      : Infinity
    if (!servable || missing > MAX_REPLAY) {
      send(conn, { type: 'resync_required' })
      return fresh()
    }
    // Keep only conversations the user is still in; a new one replays from the start.
    conn.cursor = new Map([...state!].filter(([c]) => current.has(c)))
    for (const m of memberships) await catchUp(conn, Number(m.id), Number(m.last_seq))
    for (const [c, seq] of current) conn.cursor.set(c, Math.max(conn.cursor.get(c) ?? 0, seq))
    conn.ready = true
    send(conn, { type: 'ready', cursor: encodeCursor(conn.viewer.id, conn.cursor) })
  }

  async function onClientEvent(conn: Connection, event: ClientEvent) {
    switch (event.type) {
      case 'hello':
        // Messages committed after hello's snapshot may announce themselves while the replay
        // runs: their events wait in the chain and catch up once it is done, not lost.
        conn.listening = true
        enqueue(conn, () => hello(conn, event.cursor))
        return
      case 'typing': {
        requireScope(conn.viewer, 'messages:write')
        const id = parseId(event.conversation_id)
        if (id === null) throw new NotFoundError('Conversation')
        const now = Date.now()
        if (now - (conn.lastTyping.get(id) ?? 0) < TYPING_THROTTLE_MS) return
        conn.lastTyping.set(id, now)
        try {
          await messaging.typing(conn.viewer, id)
        } catch (err) {
          // a refused id keeps no throttle: made-up ids would otherwise pile up per socket
          conn.lastTyping.delete(id)
          throw err
        }
        return
      }
      case 'message.send': {
        requireScope(conn.viewer, 'messages:write')
        const { message } = await messaging.sendMessage(conn.viewer, event.conversation_id, {
          client_message_id: event.client_message_id,
          text: event.text ?? null,
          attachment: event.attachment ?? null,
        })
        send(conn, { type: 'message.ack', request_id: event.request_id, message })
        return
      }
    }
  }

  /** A frame from the client; a refusal answers an error frame with its 4xx code and reason. */
  function onFrame(conn: Connection, data: RawData, isBinary: boolean) {
    const event = isBinary ? null : parseClientEvent(data.toString())
    if (!event) {
      send(conn, {
        type: 'error',
        code: 400,
        reason: 'invalid_frame',
        message: 'Frames are JSON objects with a known "type".',
      })
      return
    }
    const requestId = event.type === 'message.send' ? event.request_id : undefined
    onClientEvent(conn, event).catch((err: unknown) => {
      if (err instanceof AppError) return refuse(conn, err, requestId)
      log.error({ err }, 'stream event failed')
      refuse(conn, new AppError(500, 'Something went wrong.', 'internal'), requestId)
    })
  }

  function onBusEvent(event: BusEvent) {
    switch (event.type) {
      case 'message.created': {
        // Written by this process a moment ago: no need to read it back.
        const recent = messaging.recentMessage(event.message_id)
        const now = recent ? liveOf(recent) : null
        let loading: Promise<Live | null> | undefined
        const live = () => (loading ??= now ? Promise.resolve(now) : loadLive(event.message_id))
        const { conversation_id: conversationId, seq } = event
        for (const conn of connectionsOf(event.member_ids)) {
          if (!conn.listening || event.hidden_from.includes(conn.viewer.id)) continue
          // Nothing queued for this socket and it is up to date here: send it right away.
          if (
            now?.shared &&
            conn.ready &&
            conn.queued === 0 &&
            conn.cursor.get(conversationId) === seq - 1
          ) {
            sendMessage(conn, now.shared.message, now.shared.json)
            continue
          }
          enqueue(conn, () => deliverLive(conn, conversationId, seq, live))
        }
        return
      }
      case 'conversation.updated':
        for (const conn of connectionsOf(event.member_ids)) {
          if (!conn.listening) continue
          enqueue(conn, async () => {
            const conversation = await messaging.conversationFor(
              conn.viewer.id,
              event.conversation_id,
            )
            if (conversation) return send(conn, { type: 'conversation.updated', conversation })
            conn.cursor.delete(event.conversation_id)
            send(conn, {
              type: 'conversation.removed',
              conversation_id: String(event.conversation_id),
            })
          })
        }
        return
      case 'conversation.read':
        for (const conn of connectionsOf(event.member_ids)) {
          if (!conn.ready) continue
          send(conn, {
            type: 'conversation.read',
            conversation_id: String(event.conversation_id),
            username: event.username,
            seq: event.seq,
          })
        }
        return
      case 'typing':
        for (const conn of connectionsOf(event.member_ids)) {
          if (!conn.ready || conn.viewer.id === event.user_id) continue
          send(conn, {
            type: 'typing',
            conversation_id: String(event.conversation_id),
            username: event.username,
          })
        }
        return
      case 'pin.updated':
        // a secret pin's counts only to those who may see it
        for (const conns of event.visible_to === null
          ? byUser.values()
          : event.visible_to.map((id) => byUser.get(id) ?? [])) {
          for (const conn of conns) {
            if (!conn.ready || conn.revoked) continue
            send(conn, {
              type: 'pin.updated',
              pin_id: String(event.pin_id),
              save_count: event.save_count,
              like_count: event.like_count,
            })
          }
        }
        return
      case 'credentials.revoked':
        for (const conn of connectionsOf([event.user_id])) {
          if (revokedBy(conn.viewer, event)) revoke(conn)
        }
        return
    }
  }

  /**
   * After a bus outage, every socket re-checks its credential (a revocation may have been
   * missed) and each of its conversations against the database.
   */
  function recheckAll() {
    const all = [...byUser.values()].flatMap((conns) => [...conns])
    verifyCredentials(all).catch((err: unknown) =>
      log.warn({ err }, 'stream: re-checking credentials after an outage failed'),
    )
    for (const conns of byUser.values()) {
      for (const conn of conns) {
        if (!conn.ready) continue
        enqueue(conn, async () => {
          for (const m of await messaging.membershipsOf(conn.viewer.id)) {
            await catchUp(conn, Number(m.id), Number(m.last_seq))
          }
        })
      }
    }
  }

  const unsubscribe = bus.subscribe(onBusEvent)
  // Only a pong answers the ping: other frames a client sends prove nothing about its reading.
  const heartbeat = setInterval(() => {
    for (const conns of byUser.values()) {
      for (const conn of conns) {
        if (!conn.alive) {
          conn.socket.terminate()
          continue
        }
        if (conn.socket.bufferedAmount > MAX_SOCKET_BACKLOG_BYTES) {
          cutOff(conn)
          continue
        }
        conn.alive = false
        conn.socket.ping()
      }
    }
  }, HEARTBEAT_MS)
  heartbeat.unref()
  const credentialSweep = setInterval(() => {
    if (closing) return clearInterval(credentialSweep)
    const all = [...byUser.values()].flatMap((conns) => [...conns])
    verifyCredentials(all).catch((err: unknown) =>
      log.warn({ err }, 'stream: the periodic credential re-check failed'),
    )
  }, deps.credentialRecheckMs ?? CREDENTIAL_RECHECK_MS)
  credentialSweep.unref()

  return {
    recheckAll,

    accept(socket: WebSocket, viewer: Viewer) {
      if (closing) return void closeSocket(socket, 1001, 'server shutting down')
      const conn: Connection = {
        viewer,
        socket,
        cursor: new Map(),
        listening: false,
        ready: false,
        alive: true,
        chain: Promise.resolve(),
        queued: 0,
        lastTyping: new Map(),
        revoked: false,
        verified: Promise.resolve(),
      }
      let set = byUser.get(viewer.id)
      if (!set) byUser.set(viewer.id, (set = new Set()))
      set.add(conn)
      presence.online(viewer.id)
      socket.on('pong', () => (conn.alive = true))
      socket.on('close', () => {
        presence.offline(viewer.id)
        set.delete(conn)
        if (set.size === 0) byUser.delete(viewer.id)
      })
      // Registered first, then re-checked: a revocation that committed while the socket was
      // opening is seen here, and one committing later finds the socket registered.
      conn.verified = verifyCredentials([conn]).catch((err: unknown) => {
        log.warn({ err }, 'stream: could not check the credential; closing the socket')
        conn.revoked = true
        void closeSocket(socket, 1011, 'try again')
      })
      socket.on('message', (data, isBinary) => {
        if (conn.revoked) return
        void conn.verified.then(() => {
          if (!conn.revoked) onFrame(conn, data, isBinary)
        })
      })
    },

    stats(): GatewayStats {
      let connections = 0
      for (const set of byUser.values()) connections += set.size
      return { connections }
    },

    /** Closes every socket with 1001 (going away); resolves once all are closed or dropped. */
    async close() {
      closing = true
      clearInterval(heartbeat)
      unsubscribe()
      const sockets = [...byUser.values()].flatMap((conns) => [...conns].map((c) => c.socket))
      await Promise.all(sockets.map((s) => closeSocket(s, 1001, 'server shutting down')))
    },
  }
}

export type Gateway = ReturnType<typeof createGateway>

/** A string field of a frame: at most `max` long, and no NUL (no database stores one). */
const str = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length <= max && !v.includes('\u0000')

/** A client frame, checked field by field; null when it is not one. */
export function parseClientEvent(raw: string): ClientEvent | null {
  let v: unknown
  try {
    v = JSON.parse(raw)
  } catch {
    return null
  }
  if (typeof v !== 'object' || v === null) return null
  const e = v as Record<string, unknown>
  switch (e.type) {
    case 'hello':
      return e.cursor === null || e.cursor === undefined
        ? { type: 'hello', cursor: null }
        : str(e.cursor, 65_536)
          ? { type: 'hello', cursor: e.cursor }
          : null
    case 'typing':
      return str(e.conversation_id, 20)
        ? { type: 'typing', conversation_id: e.conversation_id }
        : null
    case 'message.send': {
      if (!str(e.request_id, 100) || !str(e.conversation_id, 20) || !str(e.client_message_id, 64))
        return null
      if (e.text !== undefined && e.text !== null && !str(e.text, 4000)) return null
      let attachment: { type: 'pin' | 'board' | 'user'; id: string } | undefined
      if (e.attachment !== undefined && e.attachment !== null) {
        const a = e.attachment as Record<string, unknown>
        if (
          typeof a !== 'object' ||
          !['pin', 'board', 'user'].includes(a.type as string) ||
          !str(a.id, 20)
        )
          return null
        attachment = { type: a.type as 'pin' | 'board' | 'user', id: a.id }
      }
      return {
        type: 'message.send',
        request_id: e.request_id,
        conversation_id: e.conversation_id,
        client_message_id: e.client_message_id,
        ...(typeof e.text === 'string' ? { text: e.text } : {}),
        ...(attachment ? { attachment } : {}),
      }
    }
    default:
      return null
  }
}
