import { readFileSync } from 'node:fs'
import pg from 'pg'
import type { Server } from '../measure'

/** Asks a server child process over IPC for its memory or CPU usage so far. */
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
 * The CPU time so far (user + system, µs) of each PostgreSQL backend connected to the database
 * of `url` (read from /proc: PostgreSQL on this machine; null when none can be read here).
 */
export async function databaseCpu(url: string): Promise<Map<number, number> | null> {
  const out = new Map<number, number>()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
    for (const { pid } of rows) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        if (!stat.includes('(postgres)')) continue // a process of this machine, not the backend
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        // utime and stime, fields 14 and 15 of stat, in clock ticks (100 a second)
        out.set(pid, (Number(fields[11]) + Number(fields[12])) * 10_000)
      } catch {
        // not on this machine, or gone meanwhile
      }
    }
    return rows.length > 0 && out.size === 0 ? null : out
  } finally {
    await client.end()
  }
}

/** The CPU the database's backends used between two `databaseCpu` readings, µs. */
export function databaseCpuSince(
  before: Map<number, number> | null,
  after: Map<number, number> | null,
) {
  if (!before || !after) return NaN
  let sum = 0
  for (const [pid, us] of after) sum += us - (before.get(pid) ?? 0)
  return sum
}
