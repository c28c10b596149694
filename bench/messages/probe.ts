import { readFileSync } from 'node:fs'
import pg from 'pg'
import type { Server } from '../measure'
import type { GcPauses } from '../servers/parent-channel'

interface Answers {
  memory: NodeJS.MemoryUsage
  cpu: NodeJS.CpuUsage
  loop: { stall: number; gc: GcPauses }
  counters: Record<string, number>
}

/** Asks a server child process over IPC for its memory, CPU usage, loop delays or counts so far. */
function ask<K extends keyof Answers>(server: Server, what: K): Promise<Answers[K]> {
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

/** RSS and heap used (after GC), summed over a side's processes, in bytes. */
export async function serverMemory(servers: Server[]) {
  const all = await Promise.all(servers.map((s) => ask(s, 'memory')))
  return {
    rss: all.reduce((sum, m) => sum + m.rss, 0),
    heapUsed: all.reduce((sum, m) => sum + m.heapUsed, 0),
  }
}

/** The CPU time so far (user + system) of a side's processes, summed, in µs. */
export async function serverCpu(servers: Server[]) {
  const all = await Promise.all(servers.map((s) => ask(s, 'cpu')))
  return all.reduce((sum, u) => sum + u.user + u.system, 0)
}

/**
 * Each of a side's processes' longest event-loop stall since the last question (ms), and its
 * garbage collector's pauses meanwhile: asked before a step to start afresh, and after it for
 * the step's.
 */
export function serverStalls(servers: Server[]): Promise<Answers['loop'][]> {
  return Promise.all(servers.map((s) => ask(s, 'loop')))
}

/** The server's own counts so far (see parent-channel.ts), summed over a side's processes. */
export async function serverCounters(servers: Server[]) {
  const sum: Record<string, number> = {}
  for (const c of await Promise.all(servers.map((s) => ask(s, 'counters')))) {
    for (const [k, v] of Object.entries(c)) sum[k] = (sum[k] ?? 0) + v
  }
  return sum
}

/** Each PostgreSQL backend's CPU time so far (user + system, µs), read from /proc. */
function backendCpu(pids: number[], into: Map<number, { first: number; last: number }>) {
  let readable = 0
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (!stat.includes('(postgres)')) continue // a process of this machine, not the backend
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second)
      const us = (Number(fields[11]) + Number(fields[12])) * 10_000
      const seen = into.get(pid)
      if (seen) seen.last = us
      else into.set(pid, { first: us, last: us })
      readable++
    } catch {
      // not on this machine, or gone meanwhile
    }
  }
  return readable
}

/**
 * What counts the checkpoints of the whole server so far, and the autovacuum and autoanalyze runs
 * in this database: one query, asked once per sampler for this server's version.
 */
async function backgroundWorkQuery(client: pg.Client) {
  const { rows } = await client.query<{ server_version_num: string }>('show server_version_num')
  // PostgreSQL 17 moved the checkpoint counts to a view of their own
  const checkpoints =
    Number(rows[0]!.server_version_num) >= 170000
      ? 'select num_timed + num_requested from pg_stat_checkpointer'
      : 'select checkpoints_timed + checkpoints_req from pg_stat_bgwriter'
  const text = `select (${checkpoints}) as checkpoints,
      (select coalesce(sum(autovacuum_count + autoanalyze_count), 0) from pg_stat_user_tables)
        as autovacuums`
  return async () => {
    const { rows } = await client.query<{ checkpoints: string; autovacuums: string }>(text)
    return { checkpoints: Number(rows[0]!.checkpoints), autovacuums: Number(rows[0]!.autovacuums) }
  }
}

/**
 * Samples, every 250 ms until `stop`, the CPU of the PostgreSQL backends connected to the
 * database of `url` (PostgreSQL on this machine: read from /proc). `stop` answers the CPU they
 * used meanwhile, µs — a backend that connects meanwhile counts all its CPU, one that exits what
 * it had used at its last sample — or NaN when no backend could be read here (PostgreSQL on
 * another machine); and the checkpoints and autovacuum runs that began meanwhile, either of
 * which may hold a send's commit up.
 */
export async function sampleDatabase(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const seen = new Map<number, { first: number; last: number }>()
  let readable = 0
  let samples = 0
  const sample = async () => {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
    const known = new Set(seen.keys())
    readable += backendCpu(
      rows.map((r) => r.pid),
      seen,
    )
    // a backend new after the first sample started within the interval: count all its CPU
    if (samples > 0) for (const [pid, v] of seen) if (!known.has(pid)) v.first = 0
    samples++
  }
  const backgroundWork = await backgroundWorkQuery(client)
  const before = await backgroundWork()
  await sample()
  let running = Promise.resolve()
  const timer = setInterval(() => {
    running = running.then(sample).catch(() => undefined)
  }, 250)
  return {
    async stop() {
      clearInterval(timer)
      await running
      await sample()
      const after = await backgroundWork()
      await client.end()
      let cpuUs = 0
      for (const { first, last } of seen.values()) cpuUs += last - first
      return {
        cpuUs: readable === 0 ? NaN : cpuUs,
        checkpoints: after.checkpoints - before.checkpoints,
        autovacuums: after.autovacuums - before.autovacuums,
      }
    },
  }
}

/** The whole machine's CPU time so far from /proc/stat, in ticks: busy, stolen, all; or null. */
function machineTicks() {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/)
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f.map(Number) as number[]
    const busy = user! + nice! + system! + irq! + softirq!
    return { busy, steal: steal!, all: busy + idle! + iowait! + steal! }
  } catch {
    return null
  }
}

/**
 * From now until `stop`: the share of the machine's cores that were busy (every process, this
 * one included), and the share the hypervisor gave to others while this VM had work (steal),
 * in percent; null where /proc/stat cannot be read.
 */
export function sampleMachine() {
  const before = machineTicks()
  return {
    stop() {
      const after = machineTicks()
      if (!before || !after || after.all === before.all) return null
      const all = after.all - before.all
      return {
        busyPercent: (100 * (after.busy - before.busy)) / all,
        stealPercent: (100 * (after.steal - before.steal)) / all,
      }
    },
  }
}
