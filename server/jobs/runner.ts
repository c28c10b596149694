import type { Logger } from 'pino'
import type { Db } from '../db/database'
import { retryDelay } from './backoff'
import { createJobsRepository, type ClaimedJob } from './repository'
import type { JobConn, JobHandler, JobPayloads, JobType } from './types'

export interface JobRunnerOptions {
  /** how often the runner looks for due jobs when nothing has woken it */
  pollMs: number
  /** jobs this process runs at once */
  concurrency: number
  /**
   * How long a claimed job stays this process's. A process that dies holding one leaves it to
   * whoever polls after the lease; a handler must finish well within it (it could run twice).
   */
  leaseMs: number
  /** the first retry's delay; each further failed attempt doubles it, up to retryMaxMs */
  retryBaseMs: number
  retryMaxMs: number
  /** attempts before a job is marked failed and left alone (with its last error) */
  maxAttempts: number
  /** done jobs are deleted once this old */
  keepDoneMs: number
}

/** 15 attempts 5 s, 10 s, 20 s … 1 h apart: a mail survives a few hours of SMTP outage. */
export const DEFAULT_JOB_OPTIONS: JobRunnerOptions = {
  pollMs: 500,
  concurrency: 4,
  leaseMs: 10 * 60_000,
  retryBaseMs: 5_000,
  retryMaxMs: 60 * 60_000,
  maxAttempts: 15,
  keepDoneMs: 7 * 24 * 60 * 60_000,
}

const PURGE_EVERY_MS = 60 * 60_000

export interface Jobs {
  /**
   * Adds a job. Given a transaction (`Tx`), the job is written in it, so it exists only if
   * that commits, and the runner is woken right after the commit. Returns the job's id.
   */
  enqueue<T extends JobType>(
    conn: JobConn,
    type: T,
    payload: JobPayloads[T],
    options?: { runAt?: Date },
  ): Promise<number>
  /** The handler for one type of job; this process claims only the types it has handlers for. */
  register<T extends JobType>(
    type: T,
    handler: JobHandler<T>,
    options?: {
      maxAttempts?: number
      /** drop the payload once the job is done (it holds what need not be kept, e.g. links) */
      erasePayloadWhenDone?: boolean
      /** this type's lease (default: the runner's): short for a step a killed process must not hold up long */
      leaseMs?: number
      /** once the job has failed for good: what depends on it is told (e.g. a run stops waiting for it) */
      onGiveUp?: (payload: JobPayloads[T], error: string) => Promise<void>
    },
  ): void
  /** Starts polling (again after a stop). */
  start(): void
  /** Stops claiming; resolves once the jobs running now have finished and been recorded. */
  stop(): Promise<void>
}

interface Registration {
  handler: JobHandler<JobType>
  maxAttempts: number
  erasePayloadWhenDone: boolean
  leaseMs: number
  onGiveUp?: (payload: never, error: string) => Promise<void>
}

const errorText = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).slice(0, 2000) || 'failed'

/**
 * The job runner: a jobs table, polled, and woken after a commit that enqueued something.
 * At least once: a job whose runner died mid-run is run again after its lease.
 */
export function createJobs(db: Db, log: Logger, options: Partial<JobRunnerOptions> = {}): Jobs {
  const opts = { ...DEFAULT_JOB_OPTIONS, ...options }
  const repo = createJobsRepository(db)
  const handlers = new Map<string, Registration>()
  const running = new Set<Promise<void>>()
  let started = false
  let timer: NodeJS.Timeout | null = null
  let draining: Promise<void> | null = null
  let again = false
  let soonest = Infinity
  let lastPurge = 0

  function wake() {
    if (!started) return
    if (draining) {
      again = true
      return
    }
    if (timer) clearTimeout(timer)
    timer = null
    draining = drain()
      .catch((err: unknown) => log.warn({ err }, 'job poll failed'))
      .finally(() => {
        draining = null
        if (again) {
          again = false
          wake()
        } else schedule()
      })
  }

  /** The next poll: after pollMs, or sooner when a retry or a delayed job comes due before. */
  function schedule() {
    if (!started || draining) return
    if (timer) clearTimeout(timer)
    const wait = Math.min(opts.pollMs, Math.max(0, soonest - Date.now()))
    timer = setTimeout(() => {
      timer = null
      if (soonest <= Date.now()) soonest = Infinity
      wake()
    }, wait)
    // The runner alone keeps no process alive (a script that forgot close() still ends).
    timer.unref()
  }

  function wakeAt(at: number) {
    if (at <= Date.now()) return wake()
    if (at < soonest) {
      soonest = at
      schedule()
    }
  }

  async function drain() {
    const now = Date.now()
    if (now - lastPurge > PURGE_EVERY_MS) {
      lastPurge = now
      const purged = await repo.purgeDone(new Date(now - opts.keepDoneMs).toISOString())
      if (purged) log.debug({ purged }, 'done jobs purged')
    }
    while (started) {
      let free = opts.concurrency - running.size
      if (free <= 0) {
        await Promise.race(running)
        continue
      }
      // one claim per lease length (most types share the runner's)
      for (const [leaseMs, types] of typesByLease()) {
        const at = Date.now()
        const lease = new Date(at + leaseMs).toISOString()
        const claimed = await repo.claim(types, free, new Date(at).toISOString(), lease)
        for (const job of claimed) {
          const run = runOne(job, lease).finally(() => {
            running.delete(run)
            wake()
          })
          running.add(run)
        }
        free -= claimed.length
        if (free <= 0) break
      }
      if (free > 0) return
    }
  }

  function typesByLease(): Map<number, string[]> {
    const groups = new Map<number, string[]>()
    for (const [type, { leaseMs }] of handlers) {
      const types = groups.get(leaseMs) ?? []
      types.push(type)
      groups.set(leaseMs, types)
    }
    return groups
  }

  async function runOne(job: ClaimedJob, lease: string) {
    const { handler, maxAttempts, erasePayloadWhenDone, onGiveUp } = handlers.get(job.type)!
    const info = { id: job.id, type: job.type, attempts: job.attempts, createdAt: job.created_at }
    try {
      let failure: unknown = null
      try {
        await handler(JSON.parse(job.payload), info)
      } catch (err) {
        failure = err ?? new Error('failed')
      }
      const now = Date.now()
      let kept: boolean
      if (failure === null) {
        kept = await repo.markDone(job.id, lease, new Date(now).toISOString(), erasePayloadWhenDone)
      } else if (job.attempts >= maxAttempts) {
        kept = await repo.markFailed(job.id, lease, new Date(now).toISOString(), errorText(failure))
        log.error({ job: info, err: failure }, 'job failed for good')
        if (kept && onGiveUp) {
          await onGiveUp(JSON.parse(job.payload) as never, errorText(failure)).catch((err) =>
            log.error({ job: info, err }, 'job gave up; telling what waited on it failed'),
          )
        }
      } else {
        const runAt = now + retryDelay(job.attempts, opts.retryBaseMs, opts.retryMaxMs)
        kept = await repo.reschedule(
          job.id,
          lease,
          new Date(runAt).toISOString(),
          errorText(failure),
        )
        log.warn({ job: info, err: failure, retryAt: new Date(runAt) }, 'job failed; will retry')
        wakeAt(runAt)
      }
      if (!kept) log.warn({ job: info }, 'job outlived its lease: another runner has it now')
    } catch (err) {
      // The outcome could not be recorded: the job runs again once its lease is over.
      log.error({ job: info, err }, 'job outcome not recorded')
    }
  }

  return {
    async enqueue(conn, type, payload, { runAt } = {}) {
      const now = Date.now()
      const at = runAt ? Math.max(runAt.getTime(), now) : now
      const tx = 'afterCommit' in conn ? conn : null
      const id = await repo.insert('afterCommit' in conn ? conn.trx : conn, {
        type,
        payload: JSON.stringify(payload),
        runAt: new Date(at).toISOString(),
        now: new Date(now).toISOString(),
      })
      if (tx) tx.afterCommit(() => wakeAt(at))
      else wakeAt(at)
      return id
    },

    register(
      type,
      handler,
      {
        maxAttempts = opts.maxAttempts,
        erasePayloadWhenDone = false,
        leaseMs = opts.leaseMs,
        onGiveUp,
      } = {},
    ) {
      if (handlers.has(type))
        throw new Error(`a handler for job type "${type}" is registered already`)
      handlers.set(type, {
        handler: handler as JobHandler<JobType>,
        maxAttempts,
        erasePayloadWhenDone,
        leaseMs,
        onGiveUp: onGiveUp as Registration['onGiveUp'],
      })
    },

    start() {
      if (started) return
      started = true
      wake()
    },

    async stop() {
      started = false
      if (timer) clearTimeout(timer)
      timer = null
      await draining
      await Promise.all([...running])
    },
  }
}
