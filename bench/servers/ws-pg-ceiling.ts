/**
 * The raw ceiling of the messages bench on PostgreSQL + Redis: a bare `ws` server (no
 * framework, no auth) that puts the `message.send` frames of one event-loop turn into ONE
 * multi-row INSERT (`insert … select from unnest(…)`: one statement, autocommit, durable —
 * `synchronous_commit` as the server has it) into a table of its own, and once it committed
 * acks each sender and publishes the batch to Redis (one PUBLISH per batch); a subscriber
 * connection of the same process receives it and sends `message.created` to the local members
 * of each message's group. While a few inserts are in flight (pipelining, at most
 * CEILING_IN_FLIGHT), the next turns' frames wait and go in the next batch.
 *
 * Clients say who they are in the URL (`?u=<n>`); groups are `n / GROUP_SIZE`; seqs are counted
 * in memory per group. It speaks the shape of Corkboard's stream (hello → ready, message.send →
 * message.ack + message.created) so that one load generator drives every server.
 */
import { Redis } from 'ioredis'
import pg from 'pg'
import { WebSocketServer, type WebSocket } from 'ws'
import { ackFrame, ceilingMessageJson, createdFrame, sendFrameOf } from './ceiling-frames'
import { answerProbes, reportPort } from './parent-channel'

const groupSize = Number(process.env.GROUP_SIZE ?? 10)
const maxInFlight = Number(process.env.CEILING_IN_FLIGHT ?? 4)
const channel = `ceiling:${process.pid}`
const pool = new pg.Pool({
  connectionString: process.env.CEILING_PG_URL,
  max: maxInFlight,
  idleTimeoutMillis: 0, // its connections stay open: no backend started mid-run
})
const pub = new Redis(process.env.CEILING_REDIS_URL!)
const sub = new Redis(process.env.CEILING_REDIS_URL!)

await pool.query(`create table if not exists ceiling_messages (
  id bigserial primary key,
  conversation_id integer not null,
  seq integer not null,
  sender_id integer not null,
  client_message_id text not null,
  text text,
  created_at timestamptz not null
)`)
const INSERT = `insert into ceiling_messages
  (conversation_id, seq, sender_id, client_message_id, text, created_at)
  select * from unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::text[], $6::timestamptz[])`

interface Pending {
  socket: WebSocket
  requestId: string
  group: number
  seq: number
  user: number
  clientMessageId: string
  text: string | null
  createdAt: string
}

/** one socket set per group, and which person each socket is */
const groups = new Map<number, Map<WebSocket, number>>()
const seqs = new Map<number, number>()
let pending: Pending[] = []
let inFlight = 0
let scheduled = false

function schedule() {
  if (scheduled || inFlight >= maxInFlight || pending.length === 0) return
  scheduled = true
  setImmediate(flush)
}

function flush() {
  scheduled = false
  if (inFlight >= maxInFlight || pending.length === 0) return
  const batch = pending
  pending = []
  inFlight++
  pool
    .query(INSERT, [
      batch.map((p) => p.group),
      batch.map((p) => p.seq),
      batch.map((p) => p.user),
      batch.map((p) => p.clientMessageId),
      batch.map((p) => p.text),
      batch.map((p) => p.createdAt),
    ])
    .then(
      () => {
        // committed: ack each sender, then one publish for the whole batch
        const out: [number, number, string][] = []
        for (const p of batch) {
          const json = ceilingMessageJson(p)
          p.socket.send(ackFrame(p.requestId, json))
          out.push([p.group, p.user, json])
        }
        void pub.publish(channel, JSON.stringify(out))
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err)
        for (const p of batch) {
          p.socket.send(
            JSON.stringify({
              type: 'error',
              request_id: p.requestId,
              code: 500,
              reason: 'internal',
              message,
            }),
          )
        }
      },
    )
    .finally(() => {
      inFlight--
      schedule()
    })
}

await sub.subscribe(channel)
sub.on('message', (_channel: string, payload: string) => {
  for (const [group, sender, json] of JSON.parse(payload) as [number, number, string][]) {
    const members = groups.get(group)
    if (!members) continue
    const created = createdFrame(json)
    for (const [peer, user] of members) if (user !== sender) peer.send(created)
  }
})

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 })
wss.on('connection', (socket, req) => {
  const user = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('u'))
  const group = Math.floor(user / groupSize)
  let members = groups.get(group)
  if (!members) groups.set(group, (members = new Map()))
  members.set(socket, user)
  socket.on('close', () => members.delete(socket))
  socket.on('message', (data) => {
    const event = sendFrameOf(socket, data)
    if (!event) return
    const seq = (seqs.get(group) ?? 0) + 1
    seqs.set(group, seq)
    pending.push({
      socket,
      requestId: event.request_id ?? '',
      group,
      seq,
      user,
      clientMessageId: event.client_message_id ?? '',
      text: event.text ?? null,
      createdAt: new Date().toISOString(),
    })
    schedule()
  })
})

wss.on('listening', () => reportPort(wss.address()))
answerProbes()
process.on('SIGTERM', () => {
  wss.close()
  for (const s of wss.clients) s.terminate()
  sub.disconnect()
  pub.disconnect()
  void pool.end().finally(() => process.exit(0))
})
