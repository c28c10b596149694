/**
 * `npm run bench -- messages [--quick] [--runs N]`: Corkboard's real-time Messages against a
 * raw ceiling (a bare `ws` broadcast server with a bare better-sqlite3 insert per message).
 *
 * Seeds a fresh SQLite database with 1,000 people in 100 groups of 10 (conversations and
 * members written directly, one personal access token each), starts the real server and the
 * ceiling in child processes, and drives each from this process with one WebSocket client per
 * person, sending `message.send` at stepped aggregate rates. At every recipient it measures
 * send → `message.created` latency and checks that each message reaches all 9 other members
 * and is acked to its sender. Also measures server memory per idle connection.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import pino from 'pino'
import WebSocket from 'ws'
import { loadConfig } from '../server/config'
import { createContext } from '../server/context'
import { newSecret } from '../server/domain/accounts/tokens'
import {
  benchServerEnv,
  freshPgDatabase,
  machineLine,
  median,
  startServer,
  type Server,
} from './measure'

const GROUP_SIZE = 10
/** A step is sustained when every message is delivered and p99 send → deliver is at most this. */
const SUSTAINED_P99_MS = 50
const GOALS = { ratio: 0.5, p99At2000: 25, idleKb: 20 }
const REFERENCE_RATE = 2000
const FULL_STEPS = [500, 1000, 2000, 3000, 4000, 5000, 6000, 8000, 10000, 12000, 15000]
const QUICK_STEPS = [250, 500, 1000, 2000]

interface Side {
  name: string
  server: Server
  /** the URL and headers of person `i`'s socket */
  socket(i: number): { url: string; headers: Record<string, string> }
  /** the conversation of group `g`, as a wire id */
  conversation(g: number): string
}

interface StepResult {
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

interface SideRun {
  steps: StepResult[]
  maxSustained: number
  at2000: StepResult | undefined
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string', default: '1' },
      clients: { type: 'string' },
      steps: { type: 'string' },
      step: { type: 'string' },
      warmup: { type: 'string' },
      idle: { type: 'string' },
      pg: { type: 'string' },
      'redis-url': { type: 'string' },
      'ceiling-batch': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      strict: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  })
  const quick = values.quick
  const clients = Number(values.clients ?? (quick ? 200 : 1000))
  if (clients % GROUP_SIZE !== 0) throw new Error(`--clients must be a multiple of ${GROUP_SIZE}`)
  const settings = {
    clients,
    steps: values.steps ? values.steps.split(',').map(Number) : quick ? QUICK_STEPS : FULL_STEPS,
    stepSeconds: Number(values.step ?? (quick ? 2 : 5)),
    warmupSeconds: Number(values.warmup ?? (quick ? 1 : 3)),
    idle: Number(values.idle ?? (quick ? 500 : 5000)),
    runs: Math.max(1, Number(values.runs)),
  }
  checkFdLimit(settings.idle + clients + 200)

  const dir = mkdtempSync(join(tmpdir(), 'corkboard-bench-msg-'))
  const baseEnv: NodeJS.ProcessEnv = { ...benchServerEnv(dir), MESSAGE_RATE_LIMITS: 'off' }
  delete baseEnv.REDIS_URL
  const servers: Server[] = []
  const cleanups: (() => Promise<void>)[] = []
  const loadStart = loadavg()
  try {
    const sides: Side[] = []
    const ceiling = await startServer(
      './servers/ws-ceiling.ts',
      {
        ...baseEnv,
        CEILING_DB: join(dir, 'ceiling.db'),
        GROUP_SIZE: String(GROUP_SIZE),
        CEILING_BATCH: values['ceiling-batch'] ? '1' : '0',
      },
      ['--expose-gc'],
    )
    servers.push(ceiling)
    sides.push({
      name: 'ceiling (bare ws + better-sqlite3)',
      server: ceiling,
      socket: (i) => ({ url: `${wsUrl(ceiling)}/?u=${i % clients}`, headers: {} }),
      conversation: (g) => String(g),
    })

    const profile = values['cpu-prof']
    const sqliteEnv = { ...baseEnv, DATABASE_URL: `sqlite:${join(dir, 'bench.db')}` }
    // each server profiles into a folder of its own
    const profileDir = (name: string) => (profile ? join(profile, name) : undefined)
    sides.push(
      await corkboardSide('Corkboard (SQLite)', sqliteEnv, clients, profileDir('sqlite'), servers),
    )

    if (values.pg !== undefined) {
      const { url, drop } = await freshPgDatabase(
        values.pg || 'postgres://postgres@127.0.0.1:5432/test',
      )
      cleanups.push(drop)
      const pgEnv = {
        ...baseEnv,
        DATABASE_URL: url,
        ...(values['redis-url'] ? { REDIS_URL: values['redis-url'] } : {}),
      }
      const label = values['redis-url']
        ? 'Corkboard (PostgreSQL + Redis)'
        : 'Corkboard (PostgreSQL)'
      sides.push(await corkboardSide(label, pgEnv, clients, profileDir('pg'), servers))
    }

    const memory = new Map<string, { rssKb: number; heapKb: number }>()
    for (const side of sides) {
      process.stderr.write(`${side.name}: ${settings.idle} idle sockets … `)
      const m = await idleMemory(side, settings.idle)
      memory.set(side.name, m)
      process.stderr.write(`${m.rssKb.toFixed(1)} KB RSS per connection\n`)
    }

    const results = new Map<string, SideRun[]>(sides.map((s) => [s.name, []]))
    for (let run = 1; run <= settings.runs; run++) {
      for (const side of sides) {
        process.stderr.write(`run ${run}/${settings.runs}, ${side.name}:\n`)
        results.get(side.name)!.push(await stepUp(side, settings))
      }
    }
    return report(sides, results, memory, settings, loadStart, values.strict)
  } finally {
    for (const s of servers) await s.stop()
    for (const c of cleanups) await c().catch(() => undefined)
    if (!values.keep) rmSync(dir, { recursive: true, force: true })
    else console.log(`kept ${dir}`)
  }
}

const wsUrl = (server: Server) => server.url.replace(/^http/, 'ws')

function checkFdLimit(needed: number) {
  try {
    const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim())
    if (Number.isFinite(limit) && limit < needed) {
      throw new Error(
        `open-file limit ${limit} < ${needed} sockets: raise it first (ulimit -n ${needed * 2})`,
      )
    }
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('open-file')) throw err
  }
}

async function corkboardSide(
  name: string,
  env: NodeJS.ProcessEnv,
  clients: number,
  profile: string | undefined,
  servers: Server[],
): Promise<Side> {
  const fixture = await seed(env, clients)
  const server = await startServer('./servers/corkboard-server.ts', env, [
    '--expose-gc',
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
  ])
  servers.push(server)
  return {
    name,
    server,
    socket: (i) => ({
      url: `${wsUrl(server)}/v5/stream`,
      headers: { authorization: `Bearer ${fixture.tokens[i % clients]!}` },
    }),
    conversation: (g) => String(fixture.conversations[g]!),
  }
}

/**
 * People, one token each, and groups of 10 written directly (no follows needed: the policy
 * applies when a group is created or grown, and a group send only requires membership).
 */
async function seed(env: NodeJS.ProcessEnv, people: number) {
  const ctx = await createContext(loadConfig(env), { log: pino({ level: 'warn' }) })
  try {
    const created = new Date(Date.now() - 7 * 86_400_000).toISOString()
    const tokens: string[] = []
    const conversations: number[] = []
    await ctx.db.transaction().execute(async (trx) => {
      const userIds: number[] = []
      for (let from = 0; from < people; from += 200) {
        const rows = []
        for (let i = from; i < Math.min(people, from + 200); i++) {
          rows.push({
            username: `bench${i}`,
            email: `bench${i}@bench.invalid`,
            password_hash: '!',
            account_type: 'PINNER' as const,
            business_name: null,
            about: '',
            website_url: null,
            profile_image_key: null,
            message_policy: 'mutual' as const,
            created_at: created,
          })
        }
        const ids = await trx.insertInto('users').values(rows).returning('id').execute()
        userIds.push(...ids.map((r) => Number(r.id)))
      }
      for (let from = 0; from < people; from += 200) {
        const rows = []
        for (let i = from; i < Math.min(people, from + 200); i++) {
          const { secret, hash } = newSecret('cb_')
          tokens.push(secret)
          rows.push({
            user_id: userIds[i]!,
            name: 'bench',
            token_hash: hash,
            scopes: 'messages:read messages:write',
            created_at: created,
            last_used_at: null,
          })
        }
        await trx.insertInto('access_tokens').values(rows).execute()
      }
      for (let g = 0; g < people / GROUP_SIZE; g++) {
        const members = userIds.slice(g * GROUP_SIZE, (g + 1) * GROUP_SIZE)
        const row = await trx
          .insertInto('conversations')
          .values({
            is_group: 1,
            title: `bench group ${g}`,
            pair_key: null,
            last_seq: 0,
            last_message_at: created,
            created_by: members[0]!,
            created_at: created,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        conversations.push(Number(row.id))
        await trx
          .insertInto('conversation_members')
          .values(
            members.map((user_id) => ({
              conversation_id: Number(row.id),
              user_id,
              joined_seq: 0,
              left_seq: null,
              muted: 0,
              last_read_seq: 0,
              joined_at: created,
            })),
          )
          .execute()
      }
    })
    return { tokens, conversations }
  } finally {
    await ctx.close()
  }
}

// ---------------------------------------------------------------------------------------------
// The load generator: one socket per person, all in this process, as cheap as it can be (no
// JSON parsing of received frames: the client message id is cut out of the text).

interface Client {
  index: number
  ws: WebSocket
}

/** Per-step bookkeeping in typed arrays, indexed by the message's number within the step. */
class Ledger {
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

function onFrame(client: Client, frame: string) {
  lastFrameAt = performance.now()
  const l = ledger
  if (!l) return
  if (frame.startsWith('{"type":"message.created"')) {
    const n = messageNumber(frame)
    if (n < 0 || l.sender[n] === client.index) return // a stray, or the sender's own echo
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

/** Opens `count` sockets (person `i % clients`), says hello to each, waits for every `ready`. */
async function connect(side: Side, count: number, first = 0): Promise<Client[]> {
  const out: Client[] = []
  const BATCH = 100
  for (let from = first; from < first + count; from += BATCH) {
    const batch: Promise<Client>[] = []
    for (let i = from; i < Math.min(first + count, from + BATCH); i++) {
      batch.push(
        new Promise((resolve, reject) => {
          const { url, headers } = side.socket(i)
          const ws = new WebSocket(url, {
            headers,
            perMessageDeflate: false,
            skipUTF8Validation: true,
          })
          const client: Client = { index: i, ws }
          const timer = setTimeout(
            () => reject(new Error(`${side.name}: no ready in 30 s`)),
            30_000,
          )
          ws.on('error', reject)
          ws.once('unexpected-response', (_req, res) =>
            reject(new Error(`${side.name}: stream answered ${res.statusCode}`)),
          )
          ws.once('open', () => ws.send('{"type":"hello","cursor":null}'))
          const onReady = (data: WebSocket.RawData) => {
            if (!String(data).startsWith('{"type":"ready"')) return
            clearTimeout(timer)
            ws.off('message', onReady)
            ws.on('message', (d: Buffer) => onFrame(client, d.toString()))
            resolve(client)
          }
          ws.on('message', onReady)
        }),
      )
    }
    out.push(...(await Promise.all(batch)))
  }
  return out
}

async function disconnect(clients: Client[]) {
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve()
          c.ws.once('close', () => resolve())
          c.ws.close()
          setTimeout(() => {
            c.ws.terminate()
            resolve()
          }, 5000).unref()
        }),
    ),
  )
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function ask<K extends 'memory' | 'cpu'>(
  server: Server,
  what: K,
): Promise<{ memory: NodeJS.MemoryUsage; cpu: NodeJS.CpuUsage }[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} answer`)), 10_000)
    const onMessage = (msg: Record<string, unknown>) => {
      if (!(what in msg)) return
      clearTimeout(timer)
      server.child.off('message', onMessage)
      resolve(msg[what] as never)
    }
    server.child.on('message', onMessage)
    server.child.send(what)
  })
}
const serverMemory = (server: Server) => ask(server, 'memory')
/** The server's CPU time so far (user + system), in µs. */
const serverCpu = async (server: Server) => {
  const u = await ask(server, 'cpu')
  return u.user + u.system
}

/** RSS and heap growth of the server per idle socket (after hello → ready), after GC. */
async function idleMemory(side: Side, count: number) {
  // a first round warms up the code paths (and the heap) that every connection uses
  await disconnect(await connect(side, Math.min(200, count)))
  await sleep(500)
  const before = await serverMemory(side.server)
  const sockets = await connect(side, count)
  await sleep(1000)
  const after = await serverMemory(side.server)
  await disconnect(sockets)
  await sleep(500)
  return {
    rssKb: (after.rss - before.rss) / count / 1024,
    heapKb: (after.heapUsed - before.heapUsed) / count / 1024,
  }
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
  const l = new Ledger(++stepTag, capacity)
  ledger = l
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
  ledger = null
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

/** Waits until no frame has arrived for a second (a backlog drained), at most 60 s. */
async function quiesce() {
  const until = performance.now() + 60_000
  while (performance.now() < until && performance.now() - lastFrameAt < 1000) await sleep(200)
}

/**
 * Connects every person, warms up, then steps the aggregate rate up until a step is not
 * sustained (the 2,000/s reference step is always measured).
 */
async function stepUp(
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

function report(
  sides: Side[],
  results: Map<string, SideRun[]>,
  memory: Map<string, { rssKb: number; heapKb: number }>,
  s: {
    clients: number
    steps: number[]
    stepSeconds: number
    warmupSeconds: number
    idle: number
    runs: number
  },
  loadStart: number[],
  strict: boolean,
): number {
  const cpu = cpus()
  const loadEnd = loadavg()
  const fmt = (n: number | undefined, d = 1) =>
    n === undefined || Number.isNaN(n) ? '–' : Number.isFinite(n) ? n.toFixed(d) : '>10000'
  const ceilingName = sides[0]!.name
  const ceilingMax = median(results.get(ceilingName)!.map((r) => r.maxSustained))
  console.log('')
  console.log(`Corkboard messages bench — ${new Date().toISOString()}`)
  console.log(machineLine())
  console.log(
    `load:    load average ${loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${loadEnd.map((x) => x.toFixed(2)).join(' ')} at end`,
  )
  console.log(
    `data:    ${s.clients} people in ${s.clients / GROUP_SIZE} groups of ${GROUP_SIZE}, one socket each (Bearer token); fresh database`,
  )
  console.log(
    `method:  servers in child processes, load generator in this one (same ${cpu.length} cores); ${s.warmupSeconds} s warm-up, then ${s.stepSeconds} s per step`,
  )
  console.log(
    `         at ${s.steps.join(', ')} sends/s (aggregate, round-robin over groups); a step is sustained when all`,
  )
  console.log(
    `         ${GROUP_SIZE - 1} other members receive every message and the sender its ack (≤ 5 s drain) and p99 send→deliver ≤ ${SUSTAINED_P99_MS} ms;`,
  )
  console.log(
    `         stepping stops at the first step not sustained (${REFERENCE_RATE}/s always measured); ${s.runs} run(s), medians;`,
  )
  console.log(
    `         idle memory: server RSS growth (after GC) over ${s.idle} sockets that said hello and idle, once per server`,
  )
  console.log('')
  const header = [
    'server',
    'max sends/s',
    'deliveries/s',
    'ratio',
    `p50@${REFERENCE_RATE}`,
    `p99@${REFERENCE_RATE}`,
    `CPU µs/send@${REFERENCE_RATE}`,
    'CPU ratio',
    'idle KB/conn',
    'goal',
    'result',
  ]
  let missed = false
  const cpuAt2000 = (name: string) => {
    const ref = results
      .get(name)!
      .map((r) => r.at2000)
      .filter((r) => r !== undefined)
    return ref.length ? median(ref.map((r) => r.cpuPerSend)) : NaN
  }
  const ceilingCpu = cpuAt2000(ceilingName)
  const rows = sides.map((side, i) => {
    const runs = results.get(side.name)!
    const max = median(runs.map((r) => r.maxSustained))
    const ref = runs.map((r) => r.at2000).filter((r) => r !== undefined)
    const p50 = ref.length ? median(ref.map((r) => r.p50)) : NaN
    const p99 = ref.length ? median(ref.map((r) => r.p99)) : NaN
    const cpuAt = ref.length ? median(ref.map((r) => r.cpuPerSend)) : NaN
    const refLost = ref.some((r) => r.missing > 0)
    const mem = memory.get(side.name)!
    const ratio = ceilingMax > 0 ? max / ceilingMax : NaN
    let goal = ''
    let result = ''
    if (i > 0) {
      goal = `≥${GOALS.ratio}×, p99≤${GOALS.p99At2000}, ≤${GOALS.idleKb} KB`
      const ok =
        ratio >= GOALS.ratio && p99 <= GOALS.p99At2000 && !refLost && mem.rssKb <= GOALS.idleKb
      if (side.name.includes('SQLite')) missed ||= !ok
      result = ok ? 'pass' : 'MISS'
    }
    return [
      side.name,
      String(max),
      String(max * (GROUP_SIZE - 1)),
      i === 0 ? '1.00' : fmt(ratio, 2),
      fmt(p50),
      fmt(p99) + (refLost ? ' (lost)' : ''),
      fmt(cpuAt, 0),
      fmt(ceilingCpu / cpuAt, 2),
      fmt(mem.rssKb),
      goal,
      result,
    ]
  })
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
  console.log(line(header))
  for (const r of rows) console.log(line(r))
  console.log(
    '(latencies in ms; idle KB/conn is RSS; heap per connection: ' +
      sides.map((side) => `${side.name} ${fmt(memory.get(side.name)!.heapKb)} KB`).join(', ') +
      ')',
  )
  console.log(
    '(CPU ratio: ceiling CPU per send ÷ this server’s, at the same rate — what the ratio of rates would be with cores to spare; less sensitive to a loaded machine than the rates)',
  )
  console.log('')
  for (const side of sides) {
    const runs = results.get(side.name)!
    console.log(
      `${side.name}: max sustained per run ${runs.map((r) => r.maxSustained).join(' / ')}`,
    )
    runs.forEach((run, k) => {
      console.log(
        `  run ${k + 1}: ` +
          run.steps
            .map(
              (r) =>
                `${r.rate}/s ${r.sustained ? 'ok' : 'FAIL'} (sent ${Math.round(r.achieved)}/s, p50 ${fmt(r.p50)}, p99 ${fmt(r.p99)}, max ${fmt(r.max, 0)}, ${fmt(r.cpuPerSend, 0)} µs/send${r.missing ? `, missing ${r.missing}` : ''}${r.errors ? `, errors ${r.errors}` : ''}${r.duplicates ? `, dup ${r.duplicates}` : ''})`,
            )
            .join('; '),
      )
    })
  }
  return strict && missed ? 1 : 0
}
