import type { Logger } from 'pino'

/** Failures and recoveries of one dependency's connections (a source each), for the log. */
export interface OutageLog {
  failed(source: string, err: unknown): void
  recovered(source: string): void
}

/**
 * One warning per outage, not one per failed call: the first failure while every source is up
 * is logged, the rest are counted, and the recovery of the last source down is logged with
 * that count and how long it lasted.
 */
export function createOutageLog(log: Pick<Logger, 'warn' | 'info'>, what: string): OutageLog {
  const down = new Set<string>()
  let since = 0
  let failures = 0
  return {
    failed(source, err) {
      failures++
      if (down.size === 0) {
        since = Date.now()
        failures = 1
        const message = err instanceof Error ? err.message : String(err)
        log.warn({ err: message, source }, `${what} unreachable; carrying on without it`)
      }
      down.add(source)
    },
    recovered(source) {
      if (!down.delete(source) || down.size > 0) return
      log.info({ failures, down_ms: Date.now() - since }, `${what} is back`)
    },
  }
}
