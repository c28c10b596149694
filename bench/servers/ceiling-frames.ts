import type { RawData, WebSocket } from 'ws'

/** A `message.send` frame of the load generator, as the ceilings read it. */
export interface SendFrame {
  type: 'message.send'
  request_id?: string
  client_message_id?: string
  text?: string
}

/**
 * A frame of the load generator for a ceiling: `hello` is answered `ready` here, a
 * `message.send` is returned, anything else is ignored (null).
 */
export function sendFrameOf(socket: WebSocket, data: RawData): SendFrame | null {
  const event = JSON.parse(data.toString()) as { type: string } & Omit<SendFrame, 'type'>
  if (event.type === 'hello') socket.send('{"type":"ready","cursor":""}')
  return event.type === 'message.send' ? (event as SendFrame) : null
}

/** A message as the ceilings send it (what the generator reads of Corkboard's), as JSON. */
export const ceilingMessageJson = (m: {
  group: number
  seq: number
  user: number
  createdAt: string
  clientMessageId: string | undefined
  text: string | null
}) =>
  JSON.stringify({
    conversation_id: String(m.group),
    seq: m.seq,
    sender: { username: `u${m.user}` },
    created_at: m.createdAt,
    client_message_id: m.clientMessageId,
    text: m.text,
  })

export const createdFrame = (json: string) => `{"type":"message.created","message":${json}}`

export const ackFrame = (requestId: string | undefined, json: string) =>
  `{"type":"message.ack","request_id":${JSON.stringify(requestId)},"message":${json}}`
