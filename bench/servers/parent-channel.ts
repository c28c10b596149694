import type { AddressInfo } from 'node:net'

/** Tells the bench (the parent process) the port the server listens on. */
export function reportPort(address: string | AddressInfo | null) {
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
}

/**
 * Answers the bench's `cpu` question (CPU time so far) and its `memory` question, after a GC
 * (the messages bench runs its children with --expose-gc).
 */
export function answerProbes() {
  process.on('message', (msg) => {
    if (msg === 'cpu') return process.send?.({ cpu: process.cpuUsage() })
    if (msg !== 'memory') return
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    setTimeout(() => {
      gc?.()
      process.send?.({ memory: process.memoryUsage() })
    }, 200)
  })
}
