import type { ExpressionBuilder, Kysely } from 'kysely'
import type { Db } from '../db/database'
import { skipLocked } from '../db/dialect'
import type { Database } from '../db/schema'

export interface ClaimedJob {
  id: number
  type: string
  payload: string
  attempts: number
  created_at: string
}

/** Open (neither done nor failed), due, and held by no live claim. */
const claimable =
  (types: readonly string[], now: string) => (eb: ExpressionBuilder<Database, 'jobs'>) =>
    eb.and([
      eb('done_at', 'is', null),
      eb('failed_at', 'is', null),
      eb('run_at', '<=', now),
      eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]),
      eb('type', 'in', types),
    ])

/** The jobs table, Kysely only. Every write after a claim is fenced by that claim's lease. */
export function createJobsRepository(db: Db) {
  return {
    async insert(
      conn: Kysely<Database>,
      job: { type: string; payload: string; runAt: string; now: string },
    ): Promise<number> {
      const row = await conn
        .insertInto('jobs')
        .values({
          type: job.type,
          payload: job.payload,
          run_at: job.runAt,
          attempts: 0,
          created_at: job.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return Number(row.id)
    },

    /**
     * Takes up to `limit` due jobs of the given types until `lease`, counting an attempt for
     * each. On PostgreSQL concurrent runners skip each other's rows (`FOR UPDATE SKIP LOCKED`);
     * on SQLite the one statement is atomic. A plain read first keeps an idle poll from writing.
     */
    async claim(
      types: readonly string[],
      limit: number,
      now: string,
      lease: string,
    ): Promise<ClaimedJob[]> {
      if (types.length === 0 || limit <= 0) return []
      const any = await db
        .selectFrom('jobs')
        .select('id')
        .where(claimable(types, now))
        .limit(1)
        .executeTakeFirst()
      if (!any) return []
      const due = db
        .selectFrom('jobs')
        .select('id')
        .where(claimable(types, now))
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit)
      const rows = await db
        .updateTable('jobs')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), locked_until: lease }))
        .where((eb) => skipLocked(db, eb.ref('id'), due))
        .where(claimable(types, now))
        .returning(['id', 'type', 'payload', 'attempts', 'created_at', 'run_at'])
        .execute()
      return rows
        .sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id - b.id))
        .map(({ run_at: _runAt, ...job }) => ({ ...job, id: Number(job.id) }))
    },

    /**
     * False when the lease was lost (it ran out and another runner took the job). With
     * `erasePayload` the payload is dropped (a sent mail's links and text need not be kept).
     */
    async markDone(
      id: number,
      lease: string,
      now: string,
      erasePayload: boolean,
    ): Promise<boolean> {
      const res = await db
        .updateTable('jobs')
        .set({ done_at: now, locked_until: null, ...(erasePayload ? { payload: 'null' } : {}) })
        .where('id', '=', id)
        .where('locked_until', '=', lease)
        .executeTakeFirst()
      return Number(res.numUpdatedRows) > 0
    },

    async reschedule(id: number, lease: string, runAt: string, error: string): Promise<boolean> {
      const res = await db
        .updateTable('jobs')
        .set({ run_at: runAt, locked_until: null, last_error: error })
        .where('id', '=', id)
        .where('locked_until', '=', lease)
        .executeTakeFirst()
      return Number(res.numUpdatedRows) > 0
    },

    async markFailed(id: number, lease: string, now: string, error: string): Promise<boolean> {
      const res = await db
        .updateTable('jobs')
        .set({ failed_at: now, locked_until: null, last_error: error })
        .where('id', '=', id)
        .where('locked_until', '=', lease)
        .executeTakeFirst()
      return Number(res.numUpdatedRows) > 0
    },

    async purgeDone(before: string): Promise<number> {
      const res = await db
        .deleteFrom('jobs')
        .where('done_at', 'is not', null)
        .where('done_at', '<', before)
        .executeTakeFirst()
      return Number(res.numDeletedRows)
    },
  }
}

export type JobsRepository = ReturnType<typeof createJobsRepository>
