import type { AddressInfo } from 'node:net'
import WebSocket from 'ws'
import type { Message, ServerEvent } from '../../protocol/messages'
import type { TestApp } from './test-app'

/** Starts `t`'s server on a free port; answers the address of its `/v5/stream`. */
export async function listenForStream(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  return `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/v5/stream`
}

/** A `/v5/stream` client that records every frame it receives. */
export class StreamClient {
  events: ServerEvent[] = []
  closed: { code: number } | null = null
  private waiters: (() => void)[] = []

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.events.push(JSON.parse(data.toString()) as ServerEvent)
      for (const w of this.waiters.splice(0)) w()
    })
    ws.on('close', (code) => {
      this.closed = { code }
      for (const w of this.waiters.splice(0)) w()
    })
  }

  static async open(url: string, headers: Record<string, string>) {
    const ws = new WebSocket(url, { headers })
    const client = new StreamClient(ws)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
      ws.once('error', reject)
    })
    return client
  }

  /** Opens a socket as the bearer of `token`, says hello and waits for `ready`. */
  static async ready(url: string, token: string, cursor: string | null = null) {
    const client = await StreamClient.open(url, { authorization: `Bearer ${token}` })
    client.send({ type: 'hello', cursor })
    await client.until((e) => e.some((x) => x.type === 'ready'))
    return client
  }

  send(frame: unknown) {
    this.ws.send(JSON.stringify(frame))
  }

  async until(pred: (events: ServerEvent[]) => boolean, ms = 5000) {
    const deadline = Date.now() + ms
    while (!pred(this.events)) {
      if (this.closed || Date.now() > deadline) {
        const types = this.events.map((e) => e.type)
        throw new Error(
          `timed out${this.closed ? ` (closed ${this.closed.code})` : ''}; got ${types.length} frames, last: ${JSON.stringify(types.slice(-10))}`,
        )
      }
      await new Promise<void>((r) => {
        this.waiters.push(r)
        setTimeout(r, 50)
      })
    }
  }

  /** The messages this socket received: as message.created, or in its own send's ack with a cursor. */
  messages(conversationId?: string): Message[] {
    return this.events.flatMap((e) =>
      (e.type === 'message.created' || (e.type === 'message.ack' && e.cursor)) &&
      (conversationId === undefined || e.message.conversation_id === conversationId)
        ? [e.message]
        : [],
    )
  }

  lastCursor() {
    const withCursor = this.events.filter(
      (e): e is Extract<ServerEvent, { cursor: string }> => 'cursor' in e,
    )
    return withCursor[withCursor.length - 1]!.cursor
  }

  close() {
    this.ws.close()
  }
}

/** The seqs of `messages`, to compare with a gapless run. */
export const seqsOf = (messages: { seq: number }[]) => messages.map((m) => m.seq)

/** [from, from + 1, …, to] */
export const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)
