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
