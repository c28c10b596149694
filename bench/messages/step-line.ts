import type { StepResult } from './step-result'
import { DRAIN_MS } from './sides'

/** One step in a line: rate, latency, CPU and every count that is not zero. */
export function stepLine(r: StepResult): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '>10000')
  const extra = [
    r.refused && `refused ${r.refused}`,
    r.failed && `errors ${r.failed}`,
    r.unanswered && `unanswered ${r.unanswered}`,
    r.missing && `missing after ${DRAIN_MS / 1000} s ${r.missing}`,
    r.lateLive && `not live ${r.lateLive}`,
    r.recovered && `recovered via ${r.recoveredVia} ${r.recovered}`,
    r.undelivered && `UNDELIVERED ${r.undelivered}${r.unverified ? ' (unverified)' : ''}`,
    r.duplicates && `dup ${r.duplicates}`,
    r.closedSockets && `sockets closed ${r.closedSockets}`,
    r.held && `held for a gap ${r.held}`,
    r.gaveUp && `gaps given up ${r.gaveUp}`,
    r.backfillReads && `gap reads ${r.backfillReads}`,
    r.calls && `send calls ${r.calls} (${(r.called / r.calls).toFixed(1)} sends each)`,
    r.checkpoints && `checkpoints ${r.checkpoints}`,
    r.autovacuums && `autovacuum runs ${r.autovacuums}`,
    r.drainSeconds > DRAIN_MS / 1000 && `drain ${r.drainSeconds.toFixed(0)} s`,
  ].filter(Boolean)
  return (
    `sent ${Math.round(r.achieved)}/s, p50 ${f(r.p50)} ms, p99 ${f(r.p99)} ms, max ${Math.round(r.max)} ms, ` +
    `ack p50 ${f(r.ackP50)} / p99 ${f(r.ackP99)} ms, ` +
    (Number.isNaN(r.crossP99)
      ? ''
      : `across instances p50 ${f(r.crossP50)} / p99 ${f(r.crossP99)} ms, `) +
    `server CPU ${Math.round(r.cpuPerSend)} µs/send` +
    `${Number.isNaN(r.dbCpuPerSend) ? '' : ` (+ PostgreSQL ${Math.round(r.dbCpuPerSend)})`}` +
    `, longest stall: load generator ${Math.round(r.stalls.generator)} ms, server ${r.stalls.servers.map(Math.round).join(' / ')} ms` +
    ` (GC pauses: longest ${r.stalls.gc.map((g) => Math.round(g.longest)).join(' / ')} ms, in all ${r.stalls.gc.map((g) => Math.round(g.total)).join(' / ')} ms)` +
    (r.machine
      ? `, machine busy ${Math.round(r.machine.busyPercent)} %, steal ${r.machine.stealPercent.toFixed(1)} %`
      : '') +
    `${extra.length ? ', ' + extra.join(', ') : ''}` +
    (r.sustained ? '' : '  ✗')
  )
}
