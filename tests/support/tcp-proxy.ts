import { connect, createServer, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  port: number
  /** An outage: stops listening and cuts every connection through it (both ends). */
  cut(): Promise<void>
  /** Back: listens again on the same port. */
  restore(): Promise<void>
  close(): Promise<void>
}

/**
 * A TCP proxy to `host:port` on a port of its own, to take a dependency away from a server
 * under test and give it back (e.g. PostgreSQL, which the other suites share and which must
 * not really stop): connections through it are cut at once, new ones are refused meanwhile.
 */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let server: Server | null = null
  let listenPort = 0
  const track = (s: Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
    s.on('error', () => s.destroy())
  }
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const srv = createServer((client) => {
        const upstream = connect(port, host)
        track(client)
        track(upstream)
        client.pipe(upstream).pipe(client)
        client.once('close', () => upstream.destroy())
        upstream.once('close', () => client.destroy())
      })
      srv.once('error', reject)
      srv.listen(listenPort, '127.0.0.1', () => {
        listenPort = (srv.address() as { port: number }).port
        server = srv
        resolve()
      })
    })
  const cut = async () => {
    const srv = server
    server = null
    for (const s of sockets) s.destroy()
    if (srv) await new Promise<void>((r) => srv.close(() => r()))
  }
  await listen()
  return {
    port: listenPort,
    cut,
    restore: () => (server ? Promise.resolve() : listen()),
    close: cut,
  }
}
