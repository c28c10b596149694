import type { Pin } from '../../../protocol/api'
import type { AttachmentRef, Message } from '../../../protocol/messages'
import { ApiError, messageOf } from '../../lib/api'
import { newClientId, type Stream } from '../../lib/stream'
import type { ReplyTo } from './message-beyond'
import type { PendingMessage, StateCell } from './messages-state'

/** Times a send refused as `overloaded` goes again by itself before it shows as failed. */
export const OVERLOAD_RETRIES = 5

/** The wait before the `attempt`-th retry of an overloaded send: ~1 s, doubling, jittered. */
export const overloadDelayMs = (attempt: number) =>
  Math.min(1000 * 2 ** attempt, 16_000) * (0.75 + Math.random() * 0.5)

/** The server had more sends than it could save (429 `overloaded`): nothing was kept, try again. */
const isOverloaded = (err: unknown) =>
  err instanceof ApiError && err.status === 429 && err.reason === 'overloaded'

/**
 * Messages on their way: shown at once, sent over the stream, taken away when the server's
 * copy arrives; a failed one waits for a retry (by itself when it failed for want of a
 * connection, once the stream is back). A send the server refused as overloaded stays
 * "sending" and goes again by itself after a moment (same client_message_id: idempotent).
 */
export class PendingSends {
  constructor(
    private readonly cell: StateCell,
    private readonly stream: Pick<Stream, 'sendMessage' | 'markSeen'>,
    /** takes in the server's copy of a sent message */
    private readonly received: (message: Message) => void,
  ) {}

  send(
    conversationId: string,
    content: { text?: string; attachment?: AttachmentRef; preview?: Pin; reply?: ReplyTo },
  ) {
    const pending: PendingMessage = {
      client_message_id: newClientId(),
      conversation_id: conversationId,
      text: content.text ?? null,
      attachment: content.attachment ?? null,
      preview: content.preview ?? null,
      reply: content.reply ?? null,
      status: 'sending',
      error: null,
      offline: false,
      created_at: new Date().toISOString(),
    }
    this.cell.set((st) => ({
      ...st,
      pending: {
        ...st.pending,
        [conversationId]: [...(st.pending[conversationId] ?? []), pending],
      },
    }))
    this.deliver(pending)
  }

  /** Sends a failed message again, with the same client_message_id (idempotent). */
  retry(conversationId: string, clientMessageId: string) {
    const p = this.cell
      .getState()
      .pending[conversationId]?.find((x) => x.client_message_id === clientMessageId)
    if (!p) return
    const again = { ...p, status: 'sending' as const, error: null, offline: false }
    this.patch(conversationId, clientMessageId, again)
    this.deliver(again)
  }

  /** Sends that failed while offline go again, in order, when the stream is back. */
  retryOffline() {
    for (const list of Object.values(this.cell.getState().pending)) {
      for (const p of list) {
        if (p.status === 'failed' && p.offline) this.retry(p.conversation_id, p.client_message_id)
      }
    }
  }

  discard(conversationId: string, clientMessageId: string) {
    this.cell.set((st) => ({
      ...st,
      pending: {
        ...st.pending,
        [conversationId]: (st.pending[conversationId] ?? []).filter(
          (p) => p.client_message_id !== clientMessageId,
        ),
      },
    }))
  }

  private patch(conversationId: string, clientId: string, next: PendingMessage) {
    this.cell.set((st) => ({
      ...st,
      pending: {
        ...st.pending,
        [conversationId]: (st.pending[conversationId] ?? []).map((p) =>
          p.client_message_id === clientId ? next : p,
        ),
      },
    }))
  }

  private isPending(p: PendingMessage) {
    return (
      this.cell
        .getState()
        .pending[p.conversation_id]?.some((x) => x.client_message_id === p.client_message_id) ??
      false
    )
  }

  private deliver(p: PendingMessage, attempt = 0) {
    this.stream
      .sendMessage({
        conversation_id: p.conversation_id,
        client_message_id: p.client_message_id,
        ...(p.text ? { text: p.text } : {}),
        ...(p.attachment ? { attachment: p.attachment } : {}),
        ...(p.reply ? { reply_to_message_id: p.reply.id } : {}),
      })
      .then(
        (message) => {
          this.stream.markSeen(message.id)
          this.received(message)
        },
        (err: unknown) => {
          if (isOverloaded(err) && attempt < OVERLOAD_RETRIES) {
            setTimeout(() => {
              if (this.isPending(p)) this.deliver(p, attempt + 1)
            }, overloadDelayMs(attempt))
            return
          }
          if (this.isPending(p)) {
            this.patch(p.conversation_id, p.client_message_id, {
              ...p,
              status: 'failed',
              error: messageOf(err),
              offline: err instanceof ApiError && err.status === 0,
            })
          }
        },
      )
  }
}
