import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import type { ServerEvent } from '../../protocol/messages'
import type { Presence } from '../domain/notifications/presence'
import type { Viewer } from '../domain/viewer'
import { CursorState } from './cursor'

const HEARTBEAT_MS = 25_000
/**
 * What may wait for one socket, unwritten (ws's bufferedAmount): past it the socket is cut
 * off and resumes from its cursor. Frames it sends prove nothing; only reading drains this.
 */
export const MAX_SOCKET_BACKLOG_BYTES = 2 * 1024 * 1024
/** Deliveries that may wait in one socket's chain (each small: ids, a closure). */
const MAX_QUEUED_DELIVERIES = 10_000
/** How long a closing socket has to answer the close frame before it is dropped. */
const CLOSE_GRACE_MS = 1000

export interface Connection {
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
  /**
   * This socket's sends not yet answered, by client_message_id. When the live fan-out finds
   * the socket up to date as one of them is created, it moves the cursor past it and leaves
   * the message to the ack (`folded`): the sender's own socket is not written to twice.
   */
  awaitingAck: Map<string, { folded: string | null }>
}

/**
 * Sends a close frame and resolves once the socket is closed; terminates it when the close
 * handshake does not complete within the grace (a frame stuck behind a backlog, a client
 * that ignores it).
 */
export function closeSocket(socket: WebSocket, code: number, reason: string): Promise<void> {
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

/**
 * The open sockets of this process by user, and how anything reaches one: a write that cuts
 * off a socket which does not read, and a per-socket chain of deliveries kept in order.
 */
export function createConnections(deps: {
  log: Logger
  /** who is online: told when a socket opens and when it closes */
  presence: Pick<Presence, 'online' | 'offline'>
}) {
  const { log, presence } = deps
  const byUser = new Map<number, Set<Connection>>()

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

  /** The sockets of these users whose credential was not revoked. */
  const of = (userIds: number[]) => {
    // (a loop: it runs for every member of every message)
    const out: Connection[] = []
    for (const id of userIds) {
      const conns = byUser.get(id)
      if (conns) for (const conn of conns) if (!conn.revoked) out.push(conn)
    }
    return out
  }
  /** Every socket, revoked or not. */
  const all = () => [...byUser.values()].flatMap((conns) => [...conns])

  /** Registers a socket: it counts as online until it closes. */
  function add(socket: WebSocket, viewer: Viewer): Connection {
    const conn: Connection = {
      viewer,
      socket,
      cursor: new CursorState(),
      listening: false,
      ready: false,
      alive: true,
      chain: Promise.resolve(),
      queued: 0,
      lastTyping: new Map(),
      revoked: false,
      verified: Promise.resolve(),
      awaitingAck: new Map(),
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
    return conn
  }

  // Only a pong answers the ping: other frames a client sends prove nothing about its reading.
  const heartbeat = setInterval(() => {
    for (const conn of all()) {
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
  }, HEARTBEAT_MS)
  heartbeat.unref()

  return {
    write,
    send,
    enqueue,
    of,
    all,
    add,

    count() {
      let connections = 0
      for (const set of byUser.values()) connections += set.size
      return connections
    },

    /** Closes every socket with 1001 (going away); resolves once all are closed or dropped. */
    async closeAll() {
      clearInterval(heartbeat)
      await Promise.all(all().map((c) => closeSocket(c.socket, 1001, 'server shutting down')))
    },
  }
}

export type Connections = ReturnType<typeof createConnections>
