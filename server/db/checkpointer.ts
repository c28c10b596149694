import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** How often the background thread moves the write-ahead log into the database file. */
const CHECKPOINT_EVERY_MS = 250

/**
 * The background thread's whole program (plain CommonJS, so it runs the same under tsx and
 * node): its own connection to the database, a PASSIVE checkpoint every few hundred ms. A
 * PASSIVE checkpoint never blocks the writer; copying pages and syncing the file happen here
 * instead of inside whichever commit crossed SQLite's automatic checkpoint threshold.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 1000')
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* busy: the next round catches up */ }
}, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  try { db.close() } catch {}
  parentPort.close()
})
`

export interface Checkpointer {
  stop(): Promise<void>
}

/**
 * Takes WAL checkpoints of the SQLite file at `path` off the event loop. The caller's
 * connection keeps a high automatic-checkpoint threshold as a backstop (should this thread
 * fall behind or die, the log still cannot grow without bound).
 */
export function startCheckpointer(path: string): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      everyMs: CHECKPOINT_EVERY_MS,
    },
  })
  worker.unref()
  // A failing checkpointer only costs speed: the automatic checkpoint takes over.
  worker.on('error', () => undefined)
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    async stop() {
      // Held (ref'd) until it has exited: otherwise a process with nothing else to do would
      // end before the thread closed its connection, leaving this promise unsettled.
      worker.ref()
      worker.postMessage('stop')
      const timer = setTimeout(() => void worker.terminate(), 2000)
      await exited
      clearTimeout(timer)
    },
  }
}
