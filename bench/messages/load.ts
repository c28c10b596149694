import { performance } from 'node:perf_hooks'
import { closeLedger, openLedger, quiesce } from './ledger'
import { serverCpu } from './probe'
import { GROUP_SIZE, type Side } from './sides'
import { connect, disconnect, type Client } from './sockets'

/** A step is sustained when every message is delivered and p99 send → deliver is at most this. */
export const SUSTAINED_P99_MS = 50
/** the step always measured, and compared in the report */
export const REFERENCE_RATE = 2000

export interface StepResult {
  rate: number
  achieved: number
  sent: number
  expected: number
  delivered: number
  acked: number
  missing: number
  duplicates: number
  errors: number
  p50: number
  p99: number
  max: number
  /** server CPU time (user + system) per message sent, µs, drain included */
  cpuPerSend: number
  sustained: boolean
}

export interface SideRun {
  steps: StepResult[]
  maxSustained: number
  at2000: StepResult | undefined
}

/** Sends at `rate` for `seconds` over every client, then waits (≤ 5 s) for the stragglers. */
async function runStep(
  side: Side,
  clients: Client[],
  order: Client[],
  rate: number,
  seconds: number,
): Promise<StepResult> {
  const cpuBefore = await serverCpu(side.server)
  const capacity = Math.ceil(rate * seconds * 1.1) + 1000
  const l = openLedger(capacity)
  const perMessage = GROUP_SIZE // 9 deliveries + 1 ack
  const start = performance.now()
  const end = start + seconds * 1000
  let sent = 0
  const text = 'x'.repeat(40)
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      const due = Math.min(capacity, Math.floor((rate * (Math.min(now, end) - start)) / 1000))
      while (sent < due) {
        const client = order[sent % order.length]!
        const n = sent++
        l.sentAt[n] = performance.now()
        l.sender[n] = client.index
        l.remaining[n] = GROUP_SIZE - 1
        l.outstanding += perMessage
        const group = Math.floor(client.index / GROUP_SIZE)
        client.ws.send(
          `{"type":"message.send","request_id":"r${n}","conversation_id":"${side.conversation(group)}","client_message_id":"m${l.tag}_${n}","text":"${text} ${n}"}`,
        )
      }
      if (now >= end) return resolve()
      setTimeout(tick, 2)
    }
    tick()
  })
  const sendEnd = performance.now()
  if (l.outstanding > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000)
      l.onSettled = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
  closeLedger()
  const cpuUs = (await serverCpu(side.server)) - cpuBefore
  const expected = sent * (GROUP_SIZE - 1)
  const missing = expected - l.delivered + (sent - l.acks)
  const p99 = l.percentile(0.99)
  void clients
  return {
    rate,
    achieved: sent / ((sendEnd - start) / 1000),
    sent,
    expected,
    delivered: l.delivered,
    acked: l.acks,
    missing,
    duplicates: l.duplicates,
    errors: l.errors,
    p50: l.percentile(0.5),
    p99,
    max: l.max,
    cpuPerSend: sent ? cpuUs / sent : NaN,
    sustained: missing === 0 && l.duplicates === 0 && l.errors === 0 && p99 <= SUSTAINED_P99_MS,
  }
}

/**
 * Connects every person, warms up, then steps the aggregate rate up until a step is not
 * sustained (the 2,000/s reference step is always measured).
 */
export async function stepUp(
  side: Side,
  s: { clients: number; steps: number[]; stepSeconds: number; warmupSeconds: number },
): Promise<SideRun> {
  const clients = await connect(side, s.clients)
  const groups = s.clients / GROUP_SIZE
  // consecutive sends go to different groups, and each client's turn comes round evenly
  const order = clients.map(
    (_, k) => clients[(k % groups) * GROUP_SIZE + (Math.floor(k / groups) % GROUP_SIZE)]!,
  )
  try {
    await runStep(side, clients, order, s.steps[0]!, s.warmupSeconds)
    await quiesce()
    const steps: StepResult[] = []
    let maxSustained = 0
    let failed = false
    for (const rate of s.steps) {
      if (failed && rate > REFERENCE_RATE) break
      const r = await runStep(side, clients, order, rate, s.stepSeconds)
      steps.push(r)
      process.stderr.write(
        `  ${String(rate).padStart(6)}/s: sent ${Math.round(r.achieved)}/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, server CPU ${Math.round(r.cpuPerSend)} µs/send, missing ${r.missing}${r.sustained ? '' : '  ✗'}\n`,
      )
      if (r.sustained && !failed) maxSustained = rate
      else failed = true
      await quiesce()
    }
    return { steps, maxSustained, at2000: steps.find((r) => r.rate === REFERENCE_RATE) }
  } finally {
    await disconnect(clients)
  }
}
