import { connect, createServer, type Server, type Socket } from 'node:net'

export interface TcpProxy {
  port: number
  /** An outage: stops listening and cuts every connection through it (both ends). */
  cut(): Promise<void>
  /** Back: listens again on the same port. */
  restore(): Promise<void>
  /**
   * Holds back what a client sends upstream from its first chunk holding `marker` on (e.g.
   * `publish`: a Redis client's publishes, its other commands passing), until `flow()`.
   */
  hold(marker: string): void
  /** Passes on what was held, and everything after it. */
  flow(): void
  close(): Promise<void>
}

/**
 * A TCP proxy to `host:port` on a port of its own, to take a dependency away from a server
 * under test and give it back (e.g. PostgreSQL, which the other suites share and which must
 * not really stop): connections through it are cut at once, new ones are refused meanwhile.
 */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  /** what each held client sent since, in order */
  const held = new Map<Socket, { upstream: Socket; chunks: Buffer[] }>()
  let marker: string | null = null
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
        upstream.pipe(client)
        client.on('data', (chunk: Buffer) => {
          let waiting = held.get(client)
          if (!waiting && marker !== null && chunk.includes(marker)) {
            waiting = { upstream, chunks: [] }
            held.set(client, waiting)
          }
          if (waiting) waiting.chunks.push(chunk)
          else upstream.write(chunk)
        })
        client.once('close', () => {
          held.delete(client)
          upstream.destroy()
        })
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
    hold(m) {
      marker = m
    },
    flow() {
      marker = null
      for (const { upstream, chunks } of held.values()) for (const c of chunks) upstream.write(c)
      held.clear()
    },
    close: cut,
  }
}
