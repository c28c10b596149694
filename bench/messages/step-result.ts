import type { GcPauses } from '../servers/parent-channel'

/** What one step of the messages bench measured (load.ts runs it, report.ts prints it). */
export interface StepResult {
  rate: number
  achieved: number
  sent: number
  acked: number
  /** unacknowledged sends: refused 429 overloaded, answered another error, never answered */
  refused: number
  failed: number
  unanswered: number
  /** deliveries due (9 per acknowledged message) and received live */
  expected: number
  delivered: number
  /** answers and deliveries still missing when the 5 s drain ended */
  missing: number
  /** acknowledged messages' deliveries still missing live after the whole drain … */
  lateLive: number
  /** … of which the member got through resume (or REST, after resync_required) … */
  recovered: number
  recoveredVia: string
  /** … and the rest: undelivered acknowledged messages (must be 0) */
  undelivered: number
  /** undelivered that could not be checked (a ceiling has no resume) */
  unverified: boolean
  duplicates: number
  closedSockets: number
  drainSeconds: number
  p50: number
  p99: number
  /** with several instances: p50 and p99 of the deliveries to another instance than the sender's */
  crossP50: number
  crossP99: number
  /** p50 and p99 of send → ack at the sender (the message committed) */
  ackP50: number
  ackP99: number
  max: number
  /** server CPU time (user + system, all of the side's processes) per message sent, µs */
  cpuPerSend: number
  /** PostgreSQL ones: the CPU time of the database's backends per message sent, µs */
  dbCpuPerSend: number
  /** the longest event-loop stall while sending (ms) of the generator and each server; its GC */
  stalls: { generator: number; servers: number[]; gc: GcPauses[] }
  /**
   * Corkboard's, over the step and its drain, all instances: events held back for a gap in their
   * conversation, gaps given up on, and pages read from the database to fill sockets' gaps
   */
  held: number
  gaveUp: number
  backfillReads: number
  /**
   * PostgreSQL ones, over the step and its drain: calls of the send function and the sends they
   * carried; checkpoints, and autovacuum or autoanalyze runs in the side's database
   */
  calls: number
  called: number
  checkpoints: number
  autovacuums: number
  /** while it sent: the machine's cores busy, and stolen by the hypervisor, % (null: unknown) */
  machine: { busyPercent: number; stealPercent: number } | null
  sustained: boolean
}

export interface SideRun {
  steps: StepResult[]
  /** attempts at a step measured again for the hypervisor's steal (their counts still count) */
  setAside: StepResult[]
  maxSustained: number
  at: Map<number, StepResult>
}

/** the share of the cores the hypervisor took while the step sent, % (0 where unknown) */
export const stealOf = (r: StepResult) => r.machine?.stealPercent ?? 0
