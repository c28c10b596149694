import { setTimeout as sleep } from 'node:timers/promises'
import WebSocket from 'ws'
import { onFrame } from './ledger'
import { serverMemory } from './probe'
import type { Side } from './sides'

/** One person's socket in the load generator. */
export interface Client {
  index: number
  ws: WebSocket
}

/** Opens `count` sockets (person `i % clients`), says hello to each, waits for every `ready`. */
export async function connect(side: Side, count: number, first = 0): Promise<Client[]> {
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
            ws.on('message', (d: Buffer) => onFrame(client.index, d.toString()))
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
