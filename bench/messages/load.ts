import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  ACKED,
  closeLedger,
  cursorsNow,
  lastFrame,
  openLedger,
  PENDING,
  quiesce,
  type Ledger,
} from './ledger'
import { LOOP_RESOLUTION_MS, loopStall } from '../servers/parent-channel'
import { sampleDatabase, sampleMachine, serverCounters, serverCpu, serverStalls } from './probe'
import { DRAIN_MS, GROUP_SIZE, type Side } from './sides'
import { connect, disconnect, reopen, type Client } from './sockets'
import { stealOf, type SideRun, type StepResult } from './step-result'
import { stepLine } from './step-line'
import { recover } from './verify'

/** A step is sustained when every message is delivered and p99 send → deliver is at most this. */
export const SUSTAINED_P99_MS = 50
/** the steps always measured, and compared in the report */
export const REFERENCE_RATES = [1000, 2000] as const
/**
 * A reference step lasts longer than the others (15 s against 5 by default): its p99 is what the
 * goals compare, and over 5 s it is one or two stalls of some process (bench/README.md, step 4)
 */
const isReference = (rate: number) => (REFERENCE_RATES as readonly number[]).includes(rate)
/** after it, the drain goes on while frames keep coming (an overloaded step's backlog) */
const QUIET_MS = 3000
const MAX_DRAIN_MS = 120_000
/** a step stolen from is measured at most this many times more */
const STEAL_RETRIES = 2

/** Sends at `rate` for `seconds` over every client, then drains; counts what is missing. */
async function runStep(
  side: Side,
  clients: Client[],
  order: Client[],
  rate: number,
  seconds: number,
): Promise<StepResult> {
  const cpuBefore = await serverCpu(side.servers)
  const countsBefore = await serverCounters(side.servers)
  await serverStalls(side.servers)
  const generatorLoop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  generatorLoop.enable()
  const database = side.database ? await sampleDatabase(side.database) : null
  const cursors = cursorsNow()
  const capacity = Math.ceil(rate * seconds * 1.1) + 1000
  const l = openLedger(capacity, GROUP_SIZE, side.instances)
  const perMessage = GROUP_SIZE // 9 deliveries + 1 answer
  const machine = sampleMachine()
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
        l.outstanding += perMessage
        const group = Math.floor(client.index / GROUP_SIZE)
        client.ws.send(
          `{"type":"message.send","request_id":"r${l.tag}_${n}","conversation_id":"${side.conversation(group)}","client_message_id":"m${l.tag}_${n}","text":"${text} ${n}"}`,
        )
      }
      if (now >= end) return resolve()
      setTimeout(tick, 2)
    }
    tick()
  })
  const sendEnd = performance.now()
  const machineUse = machine.stop()
  generatorLoop.disable()
  const loops = await serverStalls(side.servers)
  const stalls = {
    generator: loopStall(generatorLoop),
    servers: loops.map((l) => l.stall),
    gc: loops.map((l) => l.gc),
  }
  if (l.outstanding > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, DRAIN_MS)
      l.onSettled = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
  const missing = l.outstanding
  // an overloaded step's backlog: keep counting while frames come (a quiet spell ends it)
  while (
    l.outstanding > 0 &&
    performance.now() - lastFrame() < QUIET_MS &&
    performance.now() - sendEnd < MAX_DRAIN_MS
  ) {
    await sleep(100)
  }
  const drainSeconds = (performance.now() - sendEnd) / 1000
  closeLedger()
  const cpuUs = (await serverCpu(side.servers)) - cpuBefore
  const counts = await serverCounters(side.servers)
  const counted = (k: string) => (counts[k] ?? 0) - (countsBefore[k] ?? 0)
  const db = database ? await database.stop() : null
  const dbUs = db ? db.cpuUs : NaN
  const check = await checkUndelivered(side, l, sent, cursors)
  const p99 = l.percentile(0.99)
  const unanswered = countState(l, sent, PENDING)
  return {
    rate,
    achieved: sent / ((sendEnd - start) / 1000),
    sent,
    acked: l.acks,
    refused: l.refused,
    failed: l.failed,
    unanswered,
    expected: l.acks * (GROUP_SIZE - 1),
    delivered: l.delivered,
    missing,
    ...check,
    duplicates: l.duplicates,
    closedSockets: clients.filter((c) => c.closed).length,
    drainSeconds,
    p50: l.percentile(0.5),
    p99,
    crossP50: l.percentile(0.5, 'across'),
    crossP99: l.percentile(0.99, 'across'),
    ackP50: l.percentile(0.5, 'ack'),
    ackP99: l.percentile(0.99, 'ack'),
    max: l.max,
    cpuPerSend: sent ? cpuUs / sent : NaN,
    dbCpuPerSend: sent ? dbUs / sent : NaN,
    stalls,
    held: counted('held'),
    gaveUp: counted('gaveUp'),
    backfillReads: counted('backfillReads'),
    calls: counted('calls'),
    called: counted('called'),
    checkpoints: db?.checkpoints ?? 0,
    autovacuums: db?.autovacuums ?? 0,
    machine: machineUse,
    sustained:
      missing === 0 &&
      l.refused + l.failed + unanswered === 0 &&
      l.duplicates === 0 &&
      p99 <= SUSTAINED_P99_MS,
  }
}

function countState(l: Ledger, sent: number, state: number) {
  let c = 0
  for (let n = 0; n < sent; n++) if (l.state[n] === state) c++
  return c
}

/**
 * Every acknowledged message some member did not receive live: checked through that member's
 * resume (or REST) before it counts as undelivered. A ceiling cannot be checked.
 */
async function checkUndelivered(
  side: Side,
  l: Ledger,
  sent: number,
  cursors: (string | undefined)[],
) {
  const byPerson = new Map<number, number[]>()
  let lateLive = 0
  for (let n = 0; n < sent; n++) {
    if (l.state[n] !== ACKED) continue
    const lost = l.everyone(n) & ~l.received[n]!
    if (!lost) continue
    const first = l.sender[n]! - (l.sender[n]! % GROUP_SIZE)
    for (let k = 0; k < GROUP_SIZE; k++) {
      if (!(lost & (1 << k))) continue
      lateLive++
      const list = byPerson.get(first + k) ?? []
      list.push(n)
      byPerson.set(first + k, list)
    }
  }
  if (lateLive === 0 || !side.rest) {
    return {
      lateLive,
      recovered: 0,
      recoveredVia: '',
      undelivered: lateLive,
      unverified: lateLive > 0,
    }
  }
  let recovered = 0
  const via = new Set<string>()
  const people = [...byPerson]
  // a few members at a time, as many clients reconnecting after an outage would
  for (let i = 0; i < people.length; i += 10) {
    await Promise.all(
      people.slice(i, i + 10).map(async ([person, numbers]) => {
        const group = Math.floor(person / GROUP_SIZE)
        const r = await recover(side, person, side.conversation(group), cursors[person], l.tag)
        via.add(r.via)
        for (const n of numbers) if (r.found.has(n)) recovered++
      }),
    )
  }
  return {
    lateLive,
    recovered,
    recoveredVia: [...via].join('+'),
    undelivered: lateLive - recovered,
    unverified: false,
  }
}

/**
 * Connects every person, warms up, then steps the aggregate rate up until a step is not
 * sustained — that step, overloaded, is measured and checked too; the reference rates are
 * always measured. A step during which the hypervisor gave more than `maxSteal` % of the
 * machine's cores to other guests is measured again (see STEAL_RETRIES).
 */
export async function stepUp(
  side: Side,
  s: {
    clients: number
    steps: number[]
    stepSeconds: number
    referenceSeconds: number
    warmupSeconds: number
    maxSteal: number
  },
): Promise<SideRun> {
  const clients = await connect(side, s.clients)
  const groups = s.clients / GROUP_SIZE
  // consecutive sends go to different groups, and each client's turn comes round evenly
  const order = clients.map(
    (_, k) => clients[(k % groups) * GROUP_SIZE + (Math.floor(k / groups) % GROUP_SIZE)]!,
  )
  const lastReference = Math.max(...REFERENCE_RATES)
  try {
    await runStep(side, clients, order, s.steps[0]!, s.warmupSeconds)
    await quiesce()
    await reopen(side, clients)
    const steps: StepResult[] = []
    const setAside: StepResult[] = []
    let maxSustained = 0
    let failed = false
    for (const rate of s.steps) {
      if (failed && rate > lastReference) break
      // a step the hypervisor took more than maxSteal % of the cores from is measured again
      // (twice at most); the attempt with the least steal counts, whatever its outcome
      const attempts: StepResult[] = []
      const seconds = isReference(rate) ? s.referenceSeconds : s.stepSeconds
      for (let attempt = 0; ; attempt++) {
        const next = await runStep(side, clients, order, rate, seconds)
        await quiesce()
        await reopen(side, clients)
        attempts.push(next)
        const again = stealOf(next) > s.maxSteal && attempt < STEAL_RETRIES
        const note = again ? '  (stolen: measured again)' : ''
        process.stderr.write(`  ${String(rate).padStart(6)}/s: ${stepLine(next)}${note}\n`)
        if (!again) break
      }
      const r = attempts.reduce((a, b) => (stealOf(b) < stealOf(a) ? b : a))
      setAside.push(...attempts.filter((x) => x !== r))
      steps.push(r)
      if (r.sustained && !failed) maxSustained = rate
      else failed = true
    }
    const at = new Map<number, StepResult>()
    for (const rate of REFERENCE_RATES) {
      const r = steps.find((x) => x.rate === rate)
      if (r) at.set(rate, r)
    }
    return { steps, setAside, maxSustained, at }
  } finally {
    await disconnect(clients)
  }
}
