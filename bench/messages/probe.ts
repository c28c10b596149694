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
export const serverMemory = (server: Server) => ask(server, 'memory')
/** The server's CPU time so far (user + system), in µs. */
export const serverCpu = async (server: Server) => {
  const u = await ask(server, 'cpu')
  return u.user + u.system
}
