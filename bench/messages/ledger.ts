import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

// What the load generator's sockets receive, counted as cheaply as it can be (no JSON parsing
// of received frames: the client message id — or an error's request id — is cut out of the text).

/** A send's answer so far. */
export const PENDING = 0
export const ACKED = 1
/** refused with 429 `overloaded` */
export const REFUSED = 2
/** answered with any other error frame */
export const FAILED = 3

/** Per-step bookkeeping in typed arrays, indexed by the message's number within the step. */
export class Ledger {
  sentAt: Float64Array
  sender: Int32Array
  /** which members of the sender's group received it (bit = index within the group) */
  received: Uint16Array
  /** PENDING, ACKED, REFUSED or FAILED */
  state: Uint8Array
  hist = new Uint32Array(100_001) // 0.1 ms buckets up to 10 s
  /** with several instances: the deliveries to a socket on another instance than the sender's */
  crossHist = new Uint32Array(100_001)
  /** send → `message.ack` at the sender (committed), same buckets */
  ackHist = new Uint32Array(100_001)
  crossDelivered = 0
  count = 0
  outstanding = 0
  delivered = 0
  acks = 0
  refused = 0
  failed = 0
  /** deliveries of a message its sender was told had failed */
  deliveredRefused = 0
  duplicates = 0
  strays = 0
  max = 0
  onSettled: (() => void) | null = null

  constructor(
    readonly tag: number,
    capacity: number,
    readonly groupSize: number,
    /** person i's socket is on instance i % instances */
    readonly instances = 1,
  ) {
    this.sentAt = new Float64Array(capacity)
    this.sender = new Int32Array(capacity)
    this.received = new Uint16Array(capacity)
    this.state = new Uint8Array(capacity)
  }

  /** The recipients' bits of message `n`: every member of the sender's group but the sender. */
  everyone(n: number) {
    return ((1 << this.groupSize) - 1) & ~(1 << (this.sender[n]! % this.groupSize))
  }

  /** Latency at `p`, ms: send → deliver (every delivery, or those across instances), or → ack. */
  percentile(p: number, of: 'all' | 'across' | 'ack' = 'all') {
    const total = { all: this.delivered, across: this.crossDelivered, ack: this.acks }[of]
    const hist = { all: this.hist, across: this.crossHist, ack: this.ackHist }[of]
    if (total === 0) return NaN
    const want = Math.ceil(total * p)
    let seen = 0
    for (let i = 0; i < hist.length; i++) {
      seen += hist[i]!
      if (seen >= want) return i / 10
    }
    return Infinity
  }
}

let ledger: Ledger | null = null
let stepTag = 0
let lastFrameAt = 0
/** per person, the last frame that carried a stream cursor (`ready`, `message.created`, an ack) */
const cursorFrames: (string | undefined)[] = []
const MARK = '"client_message_id":"m'
const REQUEST = '"request_id":"r'

/** A new step's ledger: frames count in it until `closeLedger`. */
export function openLedger(capacity: number, groupSize: number, instances = 1): Ledger {
  ledger = new Ledger(++stepTag, capacity, groupSize, instances)
  return ledger
}

export function closeLedger() {
  ledger = null
}

/** Each person's last cursor so far (for a resume check of the step about to start). */
export function cursorsNow(): (string | undefined)[] {
  return cursorFrames.map((frame) => {
    if (frame === undefined) return undefined
    const at = frame.lastIndexOf('"cursor":"')
    return at < 0 ? undefined : frame.slice(at + 10, frame.indexOf('"', at + 10))
  })
}

/** Finds `<prefix><tag>_<n>` in a frame: the message's number in this step, or -1. */
function messageNumber(frame: string, prefix: string): number {
  const at = frame.indexOf(prefix)
  if (at < 0 || !ledger) return -1
  const start = at + prefix.length
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
  const created = frame.startsWith('{"type":"message.created"')
  const ack = !created && frame.startsWith('{"type":"message.ack"')
  // an ack carries the cursor, last, when it stands for its socket's message.created too
  // (without, it ends with its message's closing brace)
  if (created || frame.startsWith('{"type":"ready"') || (ack && frame.endsWith('"}'))) {
    cursorFrames[receiver] = frame
  }
  const l = ledger
  if (!l) return
  if (created) {
    const n = messageNumber(frame, MARK)
    if (n < 0 || l.sender[n] === receiver) return // a stray, or the sender's own echo
    const bit = 1 << (receiver % l.groupSize)
    if (l.received[n]! & bit) {
      l.duplicates++
      return
    }
    l.received[n]! |= bit
    const ms = performance.now() - l.sentAt[n]!
    const bucket = bucketOf(ms)
    l.hist[bucket]!++
    if (receiver % l.instances !== l.sender[n]! % l.instances) {
      l.crossHist[bucket]!++
      l.crossDelivered++
    }
    if (ms > l.max) l.max = ms
    l.delivered++
    if (l.state[n] === REFUSED || l.state[n] === FAILED) {
      l.deliveredRefused++ // its remaining deliveries were written off with the refusal
      return
    }
  } else if (ack) {
    const n = messageNumber(frame, MARK)
    if (n < 0) return
    if (l.state[n] !== PENDING) {
      l.duplicates++
      return
    }
    l.state[n] = ACKED
    l.acks++
    l.ackHist[bucketOf(performance.now() - l.sentAt[n]!)]!++
  } else if (frame.startsWith('{"type":"error"')) {
    const n = messageNumber(frame, REQUEST)
    const overloaded = frame.includes('"reason":"overloaded"')
    if (!overloaded && l.failed + l.refused < 3) {
      process.stderr.write(`  server error: ${frame.slice(0, 300)}\n`)
    }
    if (n < 0) {
      l.failed++
      return
    }
    if (l.state[n] !== PENDING) {
      l.duplicates++
      return
    }
    l.state[n] = overloaded ? REFUSED : FAILED
    if (overloaded) l.refused++
    else l.failed++
    // the answer, and the deliveries a refused message will never have
    l.outstanding -= 1 + popcount(l.everyone(n) & ~l.received[n]!)
    if (l.outstanding === 0) l.onSettled?.()
    return
  } else return
  if (--l.outstanding === 0) l.onSettled?.()
}

/** A latency's 0.1 ms bucket (the last one holds everything from 10 s on). */
const bucketOf = (ms: number) => Math.min(100_000, Math.floor(ms * 10))

function popcount(x: number) {
  let c = 0
  for (; x; x &= x - 1) c++
  return c
}

/** When a frame last arrived on any socket (performance.now()). */
export const lastFrame = () => lastFrameAt

/** Waits until no frame has arrived for a second (a backlog drained), at most 60 s. */
export async function quiesce() {
  const until = performance.now() + 60_000
  while (performance.now() < until && performance.now() - lastFrameAt < 1000) await sleep(200)
}
