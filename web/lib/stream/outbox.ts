import type { ClientEvent, Message } from '../../../protocol/messages'
import { newClientId } from './client-id'
import type { SendInput } from './types'

interface PendingAck {
  input: SendInput
  resolve: (message: Message) => void
  reject: (err: unknown) => void
  timer: ReturnType<typeof setTimeout>
}

/**
 * Socket sends waiting for their ack. One not acked in time, or left on a socket that is gone,
 * goes over HTTP with the same client_message_id, so the server keeps one message.
 */
export class Outbox {
  private acks = new Map<string, PendingAck>()

  constructor(
    private readonly post: (input: SendInput) => Promise<Message>,
    private readonly ackTimeoutMs: number,
  ) {}

  /** Sends over `sendFrame`; falls back to HTTP when the frame cannot be sent. */
  send(input: SendInput, sendFrame: (event: ClientEvent) => boolean): Promise<Message> {
    const requestId = newClientId()
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => {
        const pending = this.acks.get(requestId)
        if (!pending) return
        this.acks.delete(requestId)
        this.post(input).then(resolve, reject)
      }, this.ackTimeoutMs)
      this.acks.set(requestId, { input, resolve, reject, timer })
      const sent = sendFrame({
        type: 'message.send',
        request_id: requestId,
        ...input,
      })
      if (!sent) {
        clearTimeout(timer)
        this.acks.delete(requestId)
        this.post(input).then(resolve, reject)
      }
    })
  }

  acked(requestId: string, message: Message) {
    this.take(requestId)?.resolve(message)
  }

  refused(requestId: string | undefined, err: () => unknown) {
    const pending = requestId ? this.take(requestId) : undefined
    pending?.reject(err())
  }

  /** Sends waiting for an ack on a socket that is gone go over HTTP (same client id). */
  failOverHttp() {
    const pending = [...this.acks.values()]
    this.acks.clear()
    for (const p of pending) {
      clearTimeout(p.timer)
      this.post(p.input).then(p.resolve, p.reject)
    }
  }

  private take(requestId: string): PendingAck | undefined {
    const pending = this.acks.get(requestId)
    if (!pending) return undefined
    this.acks.delete(requestId)
    clearTimeout(pending.timer)
    return pending
  }
}
