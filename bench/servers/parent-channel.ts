import type { AddressInfo } from 'node:net'
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks'

/** How often the event loops' delay is sampled, ms. */
export const LOOP_RESOLUTION_MS = 5

/**
 * An event loop's longest stall over a span, ms: the delay histogram's max less the timer's own
 * interval (so an idle loop reads ~0).
 */
export const loopStall = (h: IntervalHistogram) => Math.max(0, h.max / 1e6 - LOOP_RESOLUTION_MS)

/** A span's garbage-collection pauses, ms: the longest, and all of them together. */
export interface GcPauses {
  longest: number
  total: number
}

/** The process's garbage-collection pauses since the last `take()`. */
function watchGc() {
  let pauses: GcPauses = { longest: 0, total: 0 }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      pauses.longest = Math.max(pauses.longest, entry.duration)
      pauses.total += entry.duration
    }
  }).observe({ entryTypes: ['gc'] })
  return {
    take() {
      const span = pauses
      pauses = { longest: 0, total: 0 }
      return span
    },
  }
}

/** Tells the bench (the parent process) the port the server listens on. */
export function reportPort(address: string | AddressInfo | null) {
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
}

/**
 * Answers the bench's `cpu` question (CPU time so far), its `loop` question (the event loop's
 * longest stall since the last one, ms, and the garbage collector's pauses meanwhile), its
 * `counters` question (the server's own counts so far, e.g. Corkboard's reorder, backfill and
 * send-call counts; none for a ceiling) and its `memory` question, after a GC (the messages
 * bench runs its children with --expose-gc).
 */
export function answerProbes(counters: () => Record<string, number> = () => ({})) {
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  loop.enable()
  const gcPauses = watchGc()
  process.on('message', (msg) => {
    if (msg === 'cpu') return process.send?.({ cpu: process.cpuUsage() })
    if (msg === 'counters') return process.send?.({ counters: counters() })
    if (msg === 'loop') {
      const stall = loopStall(loop)
      loop.reset()
      return process.send?.({ loop: { stall, gc: gcPauses.take() } })
    }
    if (msg !== 'memory') return
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    setTimeout(() => {
      gc?.()
      process.send?.({ memory: process.memoryUsage() })
    }, 200)
  })
}
