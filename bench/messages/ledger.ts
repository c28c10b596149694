import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

// What the load generator's sockets receive, counted as cheaply as it can be (no JSON parsing
// of received frames: the client message id is cut out of the text).

/** Per-step bookkeeping in typed arrays, indexed by the message's number within the step. */
export class Ledger {
  sentAt: Float64Array
  sender: Int32Array
  remaining: Int8Array
  acked: Uint8Array
  hist = new Uint32Array(100_001) // 0.1 ms buckets up to 10 s
  count = 0
  outstanding = 0
  delivered = 0
  acks = 0
  duplicates = 0
  errors = 0
  strays = 0
  max = 0
  onSettled: (() => void) | null = null

  constructor(
    readonly tag: number,
    capacity: number,
  ) {
    this.sentAt = new Float64Array(capacity)
    this.sender = new Int32Array(capacity)
    this.remaining = new Int8Array(capacity)
    this.acked = new Uint8Array(capacity)
  }

  percentile(p: number) {
    const total = this.delivered
    if (total === 0) return NaN
    const want = Math.ceil(total * p)
    let seen = 0
    for (let i = 0; i < this.hist.length; i++) {
      seen += this.hist[i]!
      if (seen >= want) return i / 10
    }
    return Infinity
  }
}

let ledger: Ledger | null = null
let stepTag = 0
let lastFrameAt = 0
const MARK = '"client_message_id":"m'

/** A new step's ledger: frames count in it until `closeLedger`. */
export function openLedger(capacity: number): Ledger {
  ledger = new Ledger(++stepTag, capacity)
  return ledger
}

export function closeLedger() {
  ledger = null
}

/** Finds `m<tag>_<n>` in a frame: the step's tag and the message's number, or null. */
function messageNumber(frame: string): number {
  const at = frame.indexOf(MARK)
  if (at < 0 || !ledger) return -1
  const start = at + MARK.length
  const sep = frame.indexOf('_', start)
  const end = frame.indexOf('"', sep)
  if (Number(frame.slice(start, sep)) !== ledger.tag) {
    ledger.strays++
    return -1
  }
  return Number(frame.slice(sep + 1, end))
}

/** Counts a frame that person `receiver`'s socket received. */
export function onFrame(receiver: number, frame: string) {
  lastFrameAt = performance.now()
  const l = ledger
  if (!l) return
  if (frame.startsWith('{"type":"message.created"')) {
    const n = messageNumber(frame)
    if (n < 0 || l.sender[n] === receiver) return // a stray, or the sender's own echo
    if (--l.remaining[n]! < 0) {
      l.duplicates++
      return
    }
    const ms = performance.now() - l.sentAt[n]!
    l.hist[Math.min(l.hist.length - 1, Math.floor(ms * 10))]!++
    if (ms > l.max) l.max = ms
    l.delivered++
  } else if (frame.startsWith('{"type":"message.ack"')) {
    const n = messageNumber(frame)
    if (n < 0) return
    if (l.acked[n]) {
      l.duplicates++
      return
    }
    l.acked[n] = 1
    l.acks++
  } else if (frame.startsWith('{"type":"error"')) {
    l.errors++
    if (l.errors <= 3) process.stderr.write(`  server error: ${frame.slice(0, 300)}\n`)
    return
  } else return
  if (--l.outstanding === 0) l.onSettled?.()
}

/** Waits until no frame has arrived for a second (a backlog drained), at most 60 s. */
export async function quiesce() {
  const until = performance.now() + 60_000
  while (performance.now() < until && performance.now() - lastFrameAt < 1000) await sleep(200)
}
