import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContext, type AppContext } from '../../server/context'
import { inTransaction } from '../../server/db/database'
import type { JobRunnerOptions } from '../../server/jobs/runner'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { sleep, waitFor } from '../support/wait'

declare module '../../server/jobs/types' {
  interface JobPayloads {
    'test.once': { n: number }
    'test.flaky': { n: number }
    'test.doomed': { n: number }
    'test.rollback': { n: number }
    'test.orphan': { n: number }
    'test.shared': { n: number }
    'test.slow': { n: number }
    'test.leased': { n: number }
  }
}

/** Fast polls and retries: 100 ms, 200 ms, 400 ms … */
const FAST: Partial<JobRunnerOptions> = {
  pollMs: 50,
  retryBaseMs: 100,
  retryMaxMs: 2000,
  maxAttempts: 5,
}

const jobRow = (t: TestApp, id: number) =>
  t.ctx.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

const jobsOfType = (t: TestApp, type: string) =>
  t.ctx.db.selectFrom('jobs').selectAll().where('type', '=', type).execute()

for (const dialect of DIALECTS) {
  describe(`jobs: the runner over the jobs table [${dialect}]`, () => {
    let t: TestApp
    /** polls once a minute: only the wake-up after a commit can run a job in time */
    let sleepy: TestApp

    beforeAll(async () => {
      t = await createTestApp(dialect, {}, { overrides: { jobs: FAST } })
      sleepy = await createTestApp(dialect, {}, { overrides: { jobs: { pollMs: 60_000 } } })
    })
    afterAll(async () => {
      await t?.close()
      await sleepy?.close()
    })

    it('runs a job once, woken by the commit that enqueued it', async () => {
      const runs: { n: number; attempts: number }[] = []
      sleepy.ctx.jobs.register('test.once', async ({ n }, job) => {
        runs.push({ n, attempts: job.attempts })
      })
      const id = await inTransaction(sleepy.ctx.db, (tx) =>
        sleepy.ctx.jobs.enqueue(tx, 'test.once', { n: 7 }),
      )
      await waitFor('the job to run', () => runs.length > 0, 5000)
      await waitFor('the job to be done', async () => (await jobRow(sleepy, id)).done_at !== null)
      await sleep(300)
      expect(runs).toEqual([{ n: 7, attempts: 1 }])
      expect(await jobRow(sleepy, id)).toMatchObject({
        type: 'test.once',
        attempts: 1,
        last_error: null,
        locked_until: null,
        failed_at: null,
      })
    })

    it('retries a failing handler with growing delays until it succeeds', async () => {
      const times: number[] = []
      t.ctx.jobs.register('test.flaky', async (_payload, job) => {
        times.push(Date.now())
        if (job.attempts < 3) throw new Error(`refused, attempt ${job.attempts}`)
      })
      const id = await t.ctx.jobs.enqueue(t.ctx.db, 'test.flaky', { n: 1 })
      await waitFor('the job to be done', async () => (await jobRow(t, id)).done_at !== null)
      await sleep(300)
      expect(times).toHaveLength(3)
      // backoff of 100 ms, then 200 ms (a timer may fire a millisecond early)
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(95)
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(195)
      expect(await jobRow(t, id)).toMatchObject({
        attempts: 3,
        last_error: 'refused, attempt 2',
        failed_at: null,
        locked_until: null,
      })
    })

    it('gives up after its attempts, marks the job failed and never runs it again', async () => {
      let runs = 0
      const gaveUp: unknown[] = []
      t.ctx.jobs.register(
        'test.doomed',
        async () => {
          runs++
          throw new Error('no such mailbox')
        },
        { maxAttempts: 3, onGiveUp: async (payload, error) => void gaveUp.push([payload, error]) },
      )
      const id = await t.ctx.jobs.enqueue(t.ctx.db, 'test.doomed', { n: 1 })
      await waitFor('the job to fail', async () => (await jobRow(t, id)).failed_at !== null)
      await sleep(600)
      expect(runs).toBe(3)
      // told once, after the last attempt, with the payload and the last error
      expect(gaveUp).toEqual([[{ n: 1 }, 'no such mailbox']])
      expect(await jobRow(t, id)).toMatchObject({
        attempts: 3,
        last_error: 'no such mailbox',
        done_at: null,
        locked_until: null,
      })
    })

    it('never runs a job enqueued in a transaction that rolls back', async () => {
      const runs: number[] = []
      t.ctx.jobs.register('test.rollback', async ({ n }) => void runs.push(n))
      // Started in the same turn: on SQLite they share one commit, each in its own savepoint.
      const [kept, undone] = await Promise.allSettled([
        inTransaction(t.ctx.db, (tx) => t.ctx.jobs.enqueue(tx, 'test.rollback', { n: 1 })),
        inTransaction(t.ctx.db, async (tx) => {
          await t.ctx.jobs.enqueue(tx, 'test.rollback', { n: 2 })
          throw new Error('the action failed')
        }),
      ])
      expect(kept.status).toBe('fulfilled')
      expect(undone.status).toBe('rejected')
      await waitFor('the committed job to run', () => runs.length > 0)
      await sleep(500)
      expect(runs).toEqual([1])
      expect((await jobsOfType(t, 'test.rollback')).map((j) => JSON.parse(j.payload))).toEqual([
        { n: 1 },
      ])
    })

    it('takes over a job whose runner died holding it, once its lease is over', async () => {
      const runs: { at: number; attempts: number }[] = []
      t.ctx.jobs.register('test.orphan', async (_payload, job) => {
        runs.push({ at: Date.now(), attempts: job.attempts })
      })
      // As a runner leaves it when its process is killed mid-job: claimed, attempt counted.
      const leaseEnds = Date.now() + 700
      const past = new Date(Date.now() - 1000).toISOString()
      const row = await t.ctx.db
        .insertInto('jobs')
        .values({
          type: 'test.orphan',
          payload: JSON.stringify({ n: 1 }),
          run_at: past,
          attempts: 1,
          locked_until: new Date(leaseEnds).toISOString(),
          created_at: past,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await sleep(300)
      expect(runs).toEqual([])
      await waitFor('the job to be taken over', () => runs.length > 0)
      expect(runs[0]!.at).toBeGreaterThanOrEqual(leaseEnds)
      expect(runs[0]!.attempts).toBe(2)
      await waitFor('the job to be done', async () => {
        return (await jobRow(t, Number(row.id))).done_at !== null
      })
    })

    it('claims a type registered with a lease of its own for that long', async () => {
      const leases: number[] = []
      t.ctx.jobs.register(
        'test.leased',
        async (_payload, job) => {
          const lockedUntil = (await jobRow(t, job.id)).locked_until!
          leases.push(Date.parse(lockedUntil) - Date.now())
        },
        { leaseMs: 1500 },
      )
      const id = await t.ctx.jobs.enqueue(t.ctx.db, 'test.leased', { n: 1 })
      await waitFor('the job to be done', async () => (await jobRow(t, id)).done_at !== null)
      expect(leases).toHaveLength(1)
      expect(leases[0]).toBeGreaterThan(500)
      expect(leases[0]).toBeLessThanOrEqual(1500)
    })

    it('two runners on one database never run the same job twice', async () => {
      const second: AppContext = await createContext(t.ctx.config, {
        log: pino({ level: 'silent' }),
        db: t.openDatabase(),
        jobs: FAST,
      })
      try {
        const runs: { runner: string; n: number }[] = []
        const running = { first: 0, second: 0 }
        let mostAtOnce = 0
        for (const [runner, ctx] of [
          ['first', t.ctx],
          ['second', second],
        ] as const) {
          ctx.jobs.register('test.shared', async ({ n }) => {
            runs.push({ runner, n })
            mostAtOnce = Math.max(mostAtOnce, ++running[runner])
            await sleep(15)
            running[runner]--
          })
        }
        const count = 60
        await inTransaction(t.ctx.db, async (tx) => {
          for (let n = 0; n < count; n++) await t.ctx.jobs.enqueue(tx, 'test.shared', { n })
        })
        await waitFor(
          'every job to be done',
          async () => (await jobsOfType(t, 'test.shared')).every((j) => j.done_at !== null),
          20_000,
        )
        await sleep(300)
        expect(runs.map((r) => r.n).sort((a, b) => a - b)).toEqual(
          Array.from({ length: count }, (_, n) => n),
        )
        expect(runs.some((r) => r.runner === 'first')).toBe(true)
        expect(runs.some((r) => r.runner === 'second')).toBe(true)
        for (const job of await jobsOfType(t, 'test.shared')) expect(job.attempts).toBe(1)
        // each runner claims no more than it runs at once (concurrency: 4)
        expect(mostAtOnce).toBeLessThanOrEqual(4)
      } finally {
        await second.close()
      }
    })

    it('stop() waits for the job that is running and records it', async () => {
      let started = false
      let finished = false
      t.ctx.jobs.register('test.slow', async () => {
        started = true
        await sleep(400)
        finished = true
      })
      const id = await t.ctx.jobs.enqueue(t.ctx.db, 'test.slow', { n: 1 })
      await waitFor('the job to start', () => started)
      await t.ctx.jobs.stop()
      expect(finished).toBe(true)
      expect((await jobRow(t, id)).done_at).not.toBeNull()
      t.ctx.jobs.start()
    })
  })
}
