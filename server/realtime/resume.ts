import type { Logger } from 'pino'
import type { Message } from '../../protocol/messages'
import type { Position } from '../domain/messaging/service'
import type { Connection, Connections } from './connections'
import { BASELINE_AFTER, CursorState, decodeCursor, encodeCursor } from './cursor'
import type { StreamMessaging } from './ports'

/** A resume that would replay more than this is refused: the client refetches instead. */
const MAX_REPLAY = 2000
/** After a baseline could not be stored, a socket's next try waits this long. */
const BASELINE_RETRY_MS = 30_000

/**
 * Where a socket stands in each conversation, and how it is brought up to date from the
 * database: `hello` with a cursor → replay → `ready`, and any gap backfilled later.
 */
export function createResume(deps: {
  messaging: StreamMessaging
  connections: Connections
  log: Logger
}) {
  const { messaging, connections, log } = deps
  const { send, write } = connections
  /** pages of positions read from the database to fill a socket's gap or replay (so far) */
  let backfillReads = 0

  /** sockets storing a baseline now, or that failed to lately (until when) */
  const rebasing = new WeakMap<Connection, number>()
  /**
   * Stores the socket's state as a baseline; its cursors then carry what moves after it. On a
   * failure its cursors stay whole (longer, never wrong) and the next try waits.
   */
  async function rebase(conn: Connection) {
    rebasing.set(conn, Infinity)
    try {
      const seqs = new Map(conn.cursor)
      const id = await messaging.baselines.save(conn.viewer.id, seqs)
      conn.cursor.rebase(id, seqs)
      rebasing.delete(conn)
    } catch (err) {
      log.warn({ err, user: conn.viewer.id }, 'could not store a stream cursor baseline')
      rebasing.set(conn, Date.now() + BASELINE_RETRY_MS)
    }
  }
  function rebaseSoon(conn: Connection) {
    if (conn.cursor.movedCount <= BASELINE_AFTER) return
    if ((rebasing.get(conn) ?? 0) > Date.now()) return
    void rebase(conn)
  }

  /** The socket's cursor now (a new baseline stored behind it when too much has moved). */
  const cursorOf = (conn: Connection) => {
    rebaseSoon(conn)
    return encodeCursor(conn.viewer.id, conn.cursor)
  }

  /**
   * Sends a message and moves the socket's cursor past it; one it already has is skipped.
   * `json`: the message already serialised (one live message shared by every recipient).
   */
  function sendMessage(conn: Connection, message: Message, json?: string) {
    const conversationId = Number(message.conversation_id)
    if ((conn.cursor.get(conversationId) ?? -1) >= message.seq) return
    conn.cursor.set(conversationId, message.seq)
    if (json === undefined) {
      return send(conn, { type: 'message.created', message, cursor: cursorOf(conn) })
    }
    sendCreated(conn, json)
  }

  /** A message serialised, its cursor already moved past it (the same text as `send` gives). */
  function sendCreated(conn: Connection, json: string) {
    write(conn, `{"type":"message.created","message":${json},"cursor":"${cursorOf(conn)}"}`)
  }

  /**
   * An event position (a reaction, an edit, an unsend): the message as it is now, and the
   * socket's cursor past the event; one it already has is skipped.
   */
  function sendUpdate(conn: Connection, message: Message, seq: number) {
    const conversationId = Number(message.conversation_id)
    if ((conn.cursor.get(conversationId) ?? -1) >= seq) return
    conn.cursor.set(conversationId, seq)
    send(conn, { type: 'message.updated', message, cursor: cursorOf(conn) })
  }

  /** Positions in seq order: a message as message.created, an event as message.updated. */
  async function deliver(conn: Connection, positions: Position[]) {
    if (positions.length === 0) return
    const rows = [...new Map(positions.map((p) => [Number(p.row.id), p.row])).values()]
    const messages = await messaging.renderMessages(conn.viewer.id, rows)
    const byId = new Map(messages.map((m) => [m.id, m]))
    for (const p of positions) {
      const message = byId.get(String(p.row.id))!
      if (p.event) sendUpdate(conn, message, p.seq)
      else sendMessage(conn, message)
    }
  }

  /** Brings a connection up to `seq` in a conversation, backfilling any gap from the database. */
  async function catchUp(conn: Connection, conversationId: number, seq: number) {
    const last = conn.cursor.get(conversationId) ?? 0
    if (seq <= last) return
    let after = last
    // Page until `seq` is reached: a short page is not the end (positionsAfter caps its pages,
    // and positions hidden from this reader leave holes), only an empty one is. A page may hold
    // only events (reactions, edits, unsends): they are positions like messages.
    while (after < seq) {
      backfillReads++
      const positions = await messaging.positionsAfter(conn.viewer.id, conversationId, after, 250)
      if (positions.length === 0) {
        // Hidden from this reader (blocked sender) or not theirs: move past without sending.
        conn.cursor.set(conversationId, Math.max(conn.cursor.get(conversationId) ?? 0, seq))
        return
      }
      await deliver(conn, positions)
      after = positions[positions.length - 1]!.seq
    }
  }

  /** Replays what the socket missed since `cursor` (all of it, or a resync), then `ready`. */
  async function hello(conn: Connection, cursor: string | null) {
    const memberships = await messaging.membershipsOf(conn.viewer.id)
    const current = new Map(memberships.map((m) => [Number(m.id), Number(m.last_seq)]))
    const ready = async () => {
      // someone in many conversations: `ready` already names a baseline
      if (conn.cursor.movedCount > BASELINE_AFTER) await rebase(conn)
      conn.ready = true
      send(conn, { type: 'ready', cursor: cursorOf(conn) })
    }
    const fresh = () => {
      conn.cursor = new CursorState(current)
      return ready()
    }
    if (cursor === null) return fresh()
    const decoded = decodeCursor(conn.viewer.id, cursor)
    const baseId = decoded?.base ?? null
    const base = baseId === null ? null : await messaging.baselines.load(conn.viewer.id, baseId)
    // a cursor naming a baseline no longer kept (or never this user's) is not servable
    const state =
      decoded === null || (baseId !== null && base === null)
        ? null
        : new Map([...(base ?? []), ...decoded.state])
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
    conn.cursor = new CursorState([...state!].filter(([c]) => current.has(c)))
    // told relative to the baseline it came with, while that one still serves (no new row)
    if (base) conn.cursor.rebase(baseId!, base)
    for (const m of memberships) await catchUp(conn, Number(m.id), Number(m.last_seq))
    for (const [c, seq] of current) conn.cursor.set(c, Math.max(conn.cursor.get(c) ?? 0, seq))
    return ready()
  }

  /** Every conversation of a ready socket checked against the database (after an outage). */
  function recheck(conn: Connection) {
    if (!conn.ready) return
    connections.enqueue(conn, async () => {
      for (const m of await messaging.membershipsOf(conn.viewer.id)) {
        await catchUp(conn, Number(m.id), Number(m.last_seq))
      }
    })
  }

  return {
    sendMessage,
    sendCreated,
    cursorOf,
    sendUpdate,
    catchUp,
    hello,
    recheck,
    backfillReads: () => backfillReads,
  }
}

export type Resume = ReturnType<typeof createResume>

/** What live delivery and the frame handler both work with. */
export interface StreamParts {
  messaging: StreamMessaging
  connections: Connections
  resume: Resume
}
