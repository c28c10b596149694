import type { Kysely } from 'kysely'
import type { Tx } from '../db/database'
import type { Database } from '../db/schema'

/**
 * Every kind of job and its payload (kept as JSON). Empty here: the module that owns a kind of
 * job adds it where it registers the handler (`declare module '…/jobs/types'`), so the runner
 * knows no job's module (mail/mailer.ts adds 'mail.send').
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by augmentation
export interface JobPayloads {}

export type JobType = keyof JobPayloads & string

/**
 * Where a job is enqueued: a transaction from `inTransaction` (the job exists only if that
 * commits, and the runner is woken once it has), or a database handle (at once).
 */
export type JobConn = Tx | Kysely<Database>

export interface JobInfo {
  id: number
  type: string
  /** this run included: 1 the first time */
  attempts: number
  createdAt: string
}

/** Does the job's work; a throw is a failed attempt, retried later with backoff. */
export type JobHandler<T extends JobType> = (
  payload: JobPayloads[T],
  job: JobInfo,
) => Promise<unknown>
