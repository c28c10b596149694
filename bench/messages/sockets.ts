import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket from 'ws'
import { onFrame } from './ledger'
import { serverMemory } from './probe'
import type { Side } from './sides'

/** One person's socket in the load generator. */
export interface Client {
  index: number
  ws: WebSocket
  /** closed by the server (e.g. cut off for not reading) or by an error: reopened between steps */
  closed: boolean
}

/** Opens person `i`'s socket, says hello, resolves on `ready`; its frames then go to the ledger. */
function open(side: Side, i: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const { url, headers } = side.socket(i)
    const ws = new WebSocket(url, { headers, perMessageDeflate: false, skipUTF8Validation: true })
    const client: Client = { index: i, ws, closed: false }
    const timer = setTimeout(() => reject(new Error(`${side.name}: no ready in 30 s`)), 30_000)
    ws.on('error', (err) => {
      client.closed = true
      reject(err)
    })
    ws.once('close', () => {
      client.closed = true
    })
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`${side.name}: stream answered ${res.statusCode}`)),
    )
    ws.once('open', () => ws.send('{"type":"hello","cursor":null}'))
    const onReady = (data: WebSocket.RawData) => {
      const frame = String(data)
      if (!frame.startsWith('{"type":"ready"')) return
      clearTimeout(timer)
      ws.off('message', onReady)
      onFrame(client.index, frame)
      ws.on('message', (d: Buffer) => onFrame(client.index, d.toString()))
      resolve(client)
    }
    ws.on('message', onReady)
  })
}

/** Opens `count` sockets (person `i % clients`), says hello to each, waits for every `ready`. */
export async function connect(side: Side, count: number, first = 0): Promise<Client[]> {
  const out: Client[] = []
  const BATCH = 100
  for (let from = first; from < first + count; from += BATCH) {
    const batch: Promise<Client>[] = []
    for (let i = from; i < Math.min(first + count, from + BATCH); i++) batch.push(open(side, i))
    out.push(...(await Promise.all(batch)))
  }
  return out
}

/** Reopens the sockets the server closed during a step; how many there were. */
export async function reopen(side: Side, clients: Client[]): Promise<number> {
  const closed = clients.filter((c) => c.closed)
  for (const c of closed) {
    c.ws.terminate()
    const fresh = await open(side, c.index)
    c.ws = fresh.ws
    c.closed = false
    // open()'s own handlers mark `fresh`, which is dropped: `c` follows the new socket
    fresh.ws.once('close', () => {
      c.closed = true
    })
  }
  return closed.length
}

export async function disconnect(clients: Client[]) {
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

/** RSS and heap growth of the server per idle socket (after hello → ready), after GC. */
export async function idleMemory(side: Side, count: number) {
  // a first round warms up the code paths (and the heap) that every connection uses
  await disconnect(await connect(side, Math.min(200, count)))
  await sleep(500)
  const before = await serverMemory(side.servers)
  const sockets = await connect(side, count)
  await sleep(1000)
  const after = await serverMemory(side.servers)
  await disconnect(sockets)
  await sleep(500)
  return {
    rssKb: (after.rss - before.rss) / count / 1024,
    heapKb: (after.heapUsed - before.heapUsed) / count / 1024,
  }
}
