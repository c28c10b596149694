import type { Message } from '../../protocol/messages'
import type { BusEvent } from '../domain/events'
import { sameForEveryone } from '../domain/messaging/render'
import type { MessageRow } from '../domain/messaging/service'
import { hasScope } from '../domain/viewer'
import type { Connection } from './connections'
import { revokedBy, type CredentialChecks } from './credentials'
import type { StreamBrands, StreamNotices } from './ports'
import { createReorder } from './reorder'
import type { StreamParts } from './resume'

/**
 * A live message, loaded once for all its recipients in this process; rendered once too
 * when it has no attachment (then every reader sees the same). Null when it is gone.
 */
interface Live {
  row: MessageRow
  shared: { message: Message; json: string } | null
}

/**
 * Live delivery: a bus event → who among this process's sockets receives what. Bus events
 * are hints; what a socket receives always comes from the database.
 */
export function createLiveDelivery(
  parts: StreamParts,
  credentials: CredentialChecks,
  brands?: StreamBrands,
  notices?: StreamNotices,
) {
  const { messaging, connections, resume } = parts
  const { send, enqueue } = connections

  const liveOf = (row: MessageRow): Live => {
    // shared only when every reader sees the same without a query
    if (!sameForEveryone(row)) return { row, shared: null }
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
    if (conn.cursor.get(conversationId) !== seq - 1) {
      return resume.catchUp(conn, conversationId, seq)
    }
    const loaded = await live()
    if (!loaded) return resume.catchUp(conn, conversationId, seq)
    if (loaded.shared) return resume.sendMessage(conn, loaded.shared.message, loaded.shared.json)
    const [message] = await messaging.renderMessages(conn.viewer.id, [loaded.row])
    resume.sendMessage(conn, message!)
  }

  // Messages changed in place lately (taken down): a row carried by a creation event that
  // arrives after its change (from another instance) is stale, so such a one is read instead.
  const changedLately = new Set<number>()
  const CHANGED_LATELY_MAX = 1000
  function rememberChanged(messageId: number) {
    changedLately.add(messageId)
    if (changedLately.size > CHANGED_LATELY_MAX) {
      changedLately.delete(changedLately.values().next().value!)
    }
  }

  /** The socket's own send of `row`, waiting for its ack, if its ack may carry the message. */
  const ownSend = (conn: Connection, row: MessageRow) => {
    if (conn.viewer.id !== Number(row.sender_id)) return undefined
    const own = conn.awaitingAck.get(row.client_message_id)
    return own && own.folded === null ? own : undefined
  }

  function messageCreated(event: Extract<BusEvent, { type: 'message.created' }>) {
    // Carried by the event, as committed: no need to read it back (unless changed since).
    const written = changedLately.has(event.message_id) ? undefined : event.row
    const now = written ? liveOf(written) : null
    let loading: Promise<Live | null> | undefined
    const live = () => (loading ??= now ? Promise.resolve(now) : loadLive(event.message_id))
    const { conversation_id: conversationId, seq } = event
    for (const conn of connections.of(event.member_ids)) {
      if (!conn.listening || event.hidden_from.includes(conn.viewer.id)) continue
      const at = conn.cursor.get(conversationId)
      // already past it (this process passed it on from a later send's `preceding`, and this
      // is the writer's own event, come late)
      if (at !== undefined && at >= seq) continue
      // Nothing queued for this socket and it is up to date here: send it right away — or,
      // on the socket that sent it, in the ack that follows (the cursor moves on now)
      if (now?.shared && conn.ready && conn.queued === 0 && at === seq - 1) {
        const own = ownSend(conn, now.row)
        if (own) {
          conn.cursor.set(conversationId, seq)
          own.folded = now.shared.json
        } else resume.sendMessage(conn, now.shared.message, now.shared.json)
        continue
      }
      enqueue(conn, () => deliverLive(conn, conversationId, seq, live))
    }
  }

  /**
   * A message changed in place: re-rendered for each member socket that already holds it (its
   * cursor is at or past it) and may see it; a socket behind gets it as it is when it catches up.
   */
  function messageUpdated(event: Extract<BusEvent, { type: 'message.updated' }>) {
    const { conversation_id: conversationId, seq } = event
    rememberChanged(event.message_id)
    for (const conn of connections.of(event.member_ids)) {
      if (!conn.listening) continue
      enqueue(conn, async () => {
        if ((conn.cursor.get(conversationId) ?? 0) < seq) return
        const [row] = await messaging.messagesAfter(conn.viewer.id, conversationId, seq - 1, 1)
        if (!row || Number(row.id) !== event.message_id) return
        const [message] = await messaging.renderMessages(conn.viewer.id, [row])
        send(conn, { type: 'message.updated', message: message! })
      })
    }
  }

  /**
   * A reaction, edit or unsend: a stream position. Each member socket that may see the message
   * is brought up to it from the database (the message as it is now, as `message.updated` with
   * the cursor); those who may not are moved past it when the next position reaches them.
   */
  function messageEvent(event: Extract<BusEvent, { type: 'message.event' }>) {
    if (event.kind !== 'reaction') rememberChanged(event.message_id)
    const { conversation_id: conversationId, seq } = event
    for (const conn of connections.of(event.member_ids)) {
      if (!conn.listening || event.hidden_from.includes(conn.viewer.id)) continue
      enqueue(conn, () => resume.catchUp(conn, conversationId, seq))
    }
  }

  function conversationUpdated(event: Extract<BusEvent, { type: 'conversation.updated' }>) {
    for (const conn of connections.of(event.member_ids)) {
      if (!conn.listening) continue
      enqueue(conn, async () => {
        const conversation = await messaging.conversationFor(conn.viewer.id, event.conversation_id)
        if (conversation) return send(conn, { type: 'conversation.updated', conversation })
        conn.cursor.delete(event.conversation_id)
        send(conn, {
          type: 'conversation.removed',
          conversation_id: String(event.conversation_id),
        })
      })
    }
  }

  /**
   * A thank-you run's progress, to its brand's sockets whose credential may read ads (as the
   * REST read requires), loaded per socket in its chain so its frames never go back in time.
   */
  function promotionRun(event: Extract<BusEvent, { type: 'promotion.run' }>) {
    if (!brands) return
    for (const conn of connections.of([event.brand_id])) {
      if (!conn.listening || conn.revoked) continue
      // what GET /v5/promotions/{id}/thank_you asks of the credential, the socket asks too
      if (!hasScope(conn.viewer, 'ads:read')) continue
      enqueue(conn, async () => {
        const run = await brands.forStream(conn.viewer.id, event.run_id)
        if (run) send(conn, { type: 'promotion.run', run })
      })
    }
  }

  /** A new notice, to its person's sockets whose credential may read the account (as REST asks). */
  function noticeCreated(event: Extract<BusEvent, { type: 'notice.created' }>) {
    if (!notices) return
    for (const conn of connections.of([event.user_id])) {
      if (!conn.listening || conn.revoked) continue
      if (!hasScope(conn.viewer, 'user_accounts:read')) continue
      enqueue(conn, async () => {
        const notice = await notices.forStream(conn.viewer.id, event.notice_id)
        if (notice) send(conn, { type: 'notice.created', notice })
      })
    }
  }

  /**
   * Someone saved a pin from a message's card: its new credit, to the sender's own sockets
   * that may read messages (as the REST read asks), if they still see the message.
   */
  function messageSaved(event: Extract<BusEvent, { type: 'message.saved' }>) {
    for (const conn of connections.of([event.sender_id])) {
      if (!conn.listening || conn.revoked) continue
      if (!hasScope(conn.viewer, 'messages:read')) continue
      enqueue(conn, async () => {
        const credit = await messaging.creditFor(conn.viewer.id, event.message_id)
        if (credit) send(conn, { type: 'message.saved', ...credit })
      })
    }
  }

  // each conversation's positions (messages, and reactions, edits and unsends) in seq order,
  // whichever instance wrote them (see reorder.ts); while the bus is down, other instances'
  // events are not coming, so nothing waits for them
  let busUp = true
  const inOrder = createReorder<
    Extract<BusEvent, { type: 'message.created' } | { type: 'message.event' }>
  >((e) => (e.type === 'message.created' ? messageCreated(e) : messageEvent(e)), {
    holding: () => busUp,
  })

  function onBusEvent(event: BusEvent) {
    switch (event.type) {
      case 'message.created':
        // what another instance wrote just before it, not passed on here yet: first, in order
        if (event.preceding) for (const p of event.preceding) inOrder({ type: event.type, ...p })
        return inOrder(event)
      case 'message.event':
        return inOrder(event)
      case 'message.updated':
        return messageUpdated(event)
      case 'conversation.updated':
        return conversationUpdated(event)
      case 'conversation.read':
        for (const conn of connections.of(event.member_ids)) {
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
        for (const conn of connections.of(event.member_ids)) {
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
        for (const conn of event.visible_to === null
          ? connections.all()
          : connections.of(event.visible_to)) {
          if (!conn.ready || conn.revoked) continue
          send(conn, {
            type: 'pin.updated',
            pin_id: String(event.pin_id),
            save_count: event.save_count,
            like_count: event.like_count,
          })
        }
        return
      case 'shortlist.updated':
        // the members who may see the pin, as GET …/shortlist shows it to them
        for (const conn of connections.of(event.member_ids)) {
          if (!conn.ready || conn.revoked) continue
          send(conn, {
            type: 'shortlist.updated',
            conversation_id: String(event.conversation_id),
            pin_id: String(event.pin_id),
            votes: event.votes,
            voters: event.voters,
          })
        }
        return
      case 'message.saved':
        return messageSaved(event)
      case 'promotion.run':
        return promotionRun(event)
      case 'notice.created':
        return noticeCreated(event)
      case 'credentials.revoked':
        for (const conn of connections.of([event.user_id])) {
          if (revokedBy(conn.viewer, event)) credentials.revoke(conn)
        }
        return
    }
  }

  return {
    onBusEvent,
    /** The bus lost its subscription: what waits for another instance's event goes out now. */
    busDown() {
      busUp = false
      inOrder.flush()
    },
    busUp() {
      busUp = true
    },
    /** events held for a gap, and gaps given up on, so far */
    reorderCounts: () => inOrder.counts(),
    /** the last seq of a conversation passed on to this process's sockets, if remembered */
    lastPassed: inOrder.last,
  }
}
