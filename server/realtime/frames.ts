import type { Logger } from 'pino'
import type { RawData } from 'ws'
import { LIMITS } from '../../protocol/limits'
import type { ClientEvent } from '../../protocol/messages'
import { parseId } from '../domain/pagination'
import { AppError, NotFoundError } from '../errors'
import { requireScope } from '../domain/viewer'
import type { Connection } from './connections'
import type { StreamParts } from './resume'

const TYPING_THROTTLE_MS = 2000

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
      if (
        !str(e.request_id, 100) ||
        !str(e.conversation_id, 20) ||
        !str(e.client_message_id, LIMITS.message.clientMessageId)
      )
        return null
      if (e.text !== undefined && e.text !== null && !str(e.text, LIMITS.message.frameTextEnvelope))
        return null
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
      const replyTo = e.reply_to_message_id
      if (replyTo !== undefined && replyTo !== null && !str(replyTo, 20)) return null
      return {
        type: 'message.send',
        request_id: e.request_id,
        conversation_id: e.conversation_id,
        client_message_id: e.client_message_id,
        ...(typeof e.text === 'string' ? { text: e.text } : {}),
        ...(attachment ? { attachment } : {}),
        ...(typeof replyTo === 'string' ? { reply_to_message_id: replyTo } : {}),
      }
    }
    default:
      return null
  }
}

/**
 * What a socket sends: each frame parsed, its scope checked, and acted on; a refusal answers
 * an error frame with its 4xx code and reason.
 */
export function createFrameHandler(parts: StreamParts, log: Logger) {
  const { messaging, connections, resume } = parts
  const { send, write, enqueue } = connections

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

  async function onClientEvent(conn: Connection, event: ClientEvent) {
    switch (event.type) {
      case 'hello':
        // Messages committed after hello's snapshot may announce themselves while the replay
        // runs: their events wait in the chain and catch up once it is done, not lost.
        conn.listening = true
        enqueue(conn, () => resume.hello(conn, event.cursor))
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
        // the live fan-out may leave this socket's message.created of it to the ack (live.ts)
        const key = event.client_message_id
        const own = conn.awaitingAck.has(key) ? undefined : { folded: null as string | null }
        if (own) conn.awaitingAck.set(key, own)
        try {
          const { message } = await messaging.sendMessage(conn.viewer, event.conversation_id, {
            client_message_id: event.client_message_id,
            text: event.text ?? null,
            attachment: event.attachment ?? null,
            reply_to_message_id: event.reply_to_message_id ?? null,
          })
          if (own?.folded) {
            // the message as the fan-out serialised it (the same text), and the cursor as it is
            // now: past this message, and past whatever went out meanwhile
            const requestId = JSON.stringify(event.request_id)
            const cursor = resume.cursorOf(conn)
            write(
              conn,
              `{"type":"message.ack","request_id":${requestId},"message":${own.folded},"cursor":"${cursor}"}`,
            )
          } else send(conn, { type: 'message.ack', request_id: event.request_id, message })
        } catch (err) {
          // committed and left to the ack, but the answer failed after all: it goes on its own
          if (own?.folded) resume.sendCreated(conn, own.folded)
          throw err
        } finally {
          if (own) conn.awaitingAck.delete(key)
        }
        return
      }
    }
  }

  /** A frame from the client; a refusal answers an error frame with its 4xx code and reason. */
  return function onFrame(conn: Connection, data: RawData, isBinary: boolean) {
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
}
