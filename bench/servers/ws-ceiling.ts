/**
 * The raw ceiling of the messages bench: a bare `ws` server (no framework, no auth) that, per
 * `message.send` frame, does one bare better-sqlite3 INSERT (prepared, WAL, synchronous=NORMAL,
 * autocommit: one transaction per message) and sends the message to the other members of the
 * sender's group, then an ack to the sender. Clients say who they are in the URL (`?u=<n>`);
 * groups are `n / GROUP_SIZE`. It speaks the shape of Corkboard's stream (hello → ready,
 * message.send → message.created + message.ack) so that one load generator drives both.
 * With CEILING_BATCH=1 the inserts of one event-loop turn share one transaction.
 */
import Database from 'better-sqlite3'
import { WebSocketServer, type WebSocket } from 'ws'
import { ackFrame, ceilingMessageJson, createdFrame, sendFrameOf } from './ceiling-frames'
import { answerProbes, reportPort } from './parent-channel'

const groupSize = Number(process.env.GROUP_SIZE ?? 10)
const db = new Database(process.env.CEILING_DB ?? ':memory:')
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`create table if not exists messages (
  id integer primary key,
  conversation_id integer not null,
  seq integer not null,
  sender_id integer not null,
  client_message_id text not null,
  text text,
  created_at text not null
)`)
const insert = db.prepare(
  'insert into messages (conversation_id, seq, sender_id, client_message_id, text, created_at) values (?, ?, ?, ?, ?, ?)',
)
type Row = [number, number, number, string, string | null, string]
const batched = process.env.CEILING_BATCH === '1'
const insertMany = db.transaction((rows: Row[]) => {
  for (const r of rows) insert.run(...r)
})
let pending: Row[] = []
const flush = () => {
  const rows = pending
  pending = []
  insertMany(rows)
}

const groups = new Map<number, Set<WebSocket>>()
const seqs = new Map<number, number>()

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 })
wss.on('connection', (socket, req) => {
  const user = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('u'))
  const group = Math.floor(user / groupSize)
  let members = groups.get(group)
  if (!members) groups.set(group, (members = new Set()))
  members.add(socket)
  socket.on('close', () => members.delete(socket))
  socket.on('message', (data) => {
    const event = sendFrameOf(socket, data)
    if (!event) return
    const seq = (seqs.get(group) ?? 0) + 1
    seqs.set(group, seq)
    const now = new Date().toISOString()
    const row: Row = [group, seq, user, event.client_message_id!, event.text ?? null, now]
    if (batched) {
      if (pending.length === 0) setImmediate(flush)
      pending.push(row)
    } else insert.run(...row)
    const message = ceilingMessageJson({
      group,
      seq,
      user,
      createdAt: now,
      clientMessageId: event.client_message_id,
      text: event.text ?? null,
    })
    const created = createdFrame(message)
    for (const peer of members) if (peer !== socket) peer.send(created)
    socket.send(ackFrame(event.request_id, message))
  })
})

wss.on('listening', () => reportPort(wss.address()))
answerProbes()
process.on('SIGTERM', () => {
  wss.close()
  for (const s of wss.clients) s.terminate()
  db.close()
  process.exit(0)
})
