import { createServer } from 'node:net'

/**
 * A port nobody uses right now, below the kernel's ephemeral range (32768+ on Linux): a server
 * killed and restarted on it must not find it taken meanwhile by some client's outgoing
 * connection, as a port handed out by `listen(0)` could be.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    if (await canListen(port)) return port
  }
  throw new Error('no free port found')
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}
