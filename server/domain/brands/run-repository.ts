import { sql } from 'kysely'
import type { Db } from '../../db/database'
import { forNoKeyUpdate } from '../../db/dialect'
import type { PromotionRunTable, RunOutcome } from '../../db/schema-brands'

/** A run as stored, ids and counters as numbers. */
export interface RunRow {
  id: number
  promotion_id: number
  brand_id: number
  client_run_id: string
  template: string
  attachment_type: 'pin' | 'board' | null
  attachment_id: number | null
  status: PromotionRunTable['status']
  step: number
  total: number
  sent: number
  skipped_not_mutual: number
  skipped_blocked: number
  skipped_policy_nobody: number
  skipped_already_thanked: number
  created_at: string
  updated_at: string
  finished_at: string | null
}

type Stored = { [K in keyof RunRow]: unknown }

const asRun = (r: Stored): RunRow => ({
  ...(r as RunRow),
  id: Number(r.id),
  promotion_id: Number(r.promotion_id),
  brand_id: Number(r.brand_id),
  attachment_id: r.attachment_id === null ? null : Number(r.attachment_id),
  step: Number(r.step),
  total: Number(r.total),
  sent: Number(r.sent),
  skipped_not_mutual: Number(r.skipped_not_mutual),
  skipped_blocked: Number(r.skipped_blocked),
  skipped_policy_nobody: Number(r.skipped_policy_nobody),
  skipped_already_thanked: Number(r.skipped_already_thanked),
})

const maybeRun = (r: Stored | undefined) => (r ? asRun(r) : undefined)

/** Each outcome's counter, bumped by one. */
const BUMP = {
  sent: { sent: sql<number>`sent + 1` },
  not_mutual: { skipped_not_mutual: sql<number>`skipped_not_mutual + 1` },
  blocked: { skipped_blocked: sql<number>`skipped_blocked + 1` },
  policy_nobody: { skipped_policy_nobody: sql<number>`skipped_policy_nobody + 1` },
  already_thanked: { skipped_already_thanked: sql<number>`skipped_already_thanked + 1` },
} satisfies Record<RunOutcome, object>

/** Rows inserted per statement (well under both dialects' bound-parameter limits). */
const ITEMS_PER_INSERT = 500

/**
 * Thank-you runs, their items (who each run set out to thank, and what became of each) and
 * who was thanked for a promotion. Every function takes the connection it runs on: the root
 * database, or the transaction of the unit it is part of.
 */
export const runRepository = {
  byId: (conn: Db, runId: number, promotionId: number) =>
    conn
      .selectFrom('promotion_runs')
      .selectAll()
      .where('id', '=', runId)
      .where('promotion_id', '=', promotionId)
      .executeTakeFirst()
      .then(maybeRun),

  /** The run `runId` of a business account `brandId` (null: not theirs, or no longer a business). */
  ofBusiness: (conn: Db, brandId: number, runId: number) =>
    conn
      .selectFrom('promotion_runs as r')
      .innerJoin('users as u', 'u.id', 'r.brand_id')
      .selectAll('r')
      .where('r.id', '=', runId)
      .where('r.brand_id', '=', brandId)
      .where('u.account_type', '=', 'BUSINESS')
      .executeTakeFirst()
      .then(maybeRun),

  latest: (conn: Db, promotionId: number) =>
    conn
      .selectFrom('promotion_runs')
      .selectAll()
      .where('promotion_id', '=', promotionId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
      .then(maybeRun),

  byClientId: (conn: Db, promotionId: number, clientRunId: string) =>
    conn
      .selectFrom('promotion_runs')
      .selectAll()
      .where('promotion_id', '=', promotionId)
      .where('client_run_id', '=', clientRunId)
      .executeTakeFirst()
      .then(maybeRun),

  insertRun: (
    conn: Db,
    run: Pick<
      RunRow,
      | 'promotion_id'
      | 'brand_id'
      | 'client_run_id'
      | 'template'
      | 'attachment_type'
      | 'attachment_id'
      | 'status'
      | 'total'
      | 'created_at'
      | 'finished_at'
    > &
      Partial<
        Pick<RunRow, `skipped_${'not_mutual' | 'blocked' | 'policy_nobody' | 'already_thanked'}`>
      >,
  ) =>
    conn
      .insertInto('promotion_runs')
      .values({ ...run, updated_at: run.created_at })
      .returningAll()
      .executeTakeFirstOrThrow()
      .then(asRun),

  /** The participants a run sets out to thank: pending, or already skipped (with `doneAt`). */
  async insertItems(
    conn: Db,
    runId: number,
    items: readonly { userId: number; outcome: RunOutcome | null }[],
    doneAt: string,
  ) {
    for (let i = 0; i < items.length; i += ITEMS_PER_INSERT) {
      await conn
        .insertInto('promotion_run_items')
        .values(
          items.slice(i, i + ITEMS_PER_INSERT).map((it) => ({
            run_id: runId,
            user_id: it.userId,
            outcome: it.outcome,
            done_at: it.outcome === null ? null : doneAt,
          })),
        )
        .execute()
    }
  },

  /**
   * Takes step `step` of a running run: moves it to the next step, in one conditional update
   * (it waits for, then re-reads, a concurrent one). Undefined when the run is not running
   * or already past that step: the job asking is stale or a second copy.
   */
  claimStep: (conn: Db, runId: number, step: number, now: string) =>
    conn
      .updateTable('promotion_runs')
      .set({ step: step + 1, updated_at: now })
      .where('id', '=', runId)
      .where('step', '=', step)
      .where('status', '=', 'running')
      .returningAll()
      .executeTakeFirst()
      .then(maybeRun),

  /** The next participant the run has not dealt with yet (in user id order), or null. */
  nextPending: (conn: Db, runId: number) =>
    conn
      .selectFrom('promotion_run_items')
      .select('user_id')
      .where('run_id', '=', runId)
      .where('outcome', 'is', null)
      .orderBy('user_id')
      .limit(1)
      .executeTakeFirst()
      .then((r) => (r ? Number(r.user_id) : null)),

  /** Records what became of one participant, and counts it on the run. */
  async recordOutcome(
    conn: Db,
    q: { runId: number; userId: number; outcome: RunOutcome; messageId: number | null },
    now: string,
  ) {
    await conn
      .updateTable('promotion_run_items')
      .set({ outcome: q.outcome, message_id: q.messageId, done_at: now })
      .where('run_id', '=', q.runId)
      .where('user_id', '=', q.userId)
      .execute()
    await conn
      .updateTable('promotion_runs')
      .set({ ...BUMP[q.outcome], updated_at: now })
      .where('id', '=', q.runId)
      .execute()
  },

  finish: (conn: Db, runId: number, now: string) =>
    conn
      .updateTable('promotion_runs')
      .set({ status: 'done', finished_at: now, updated_at: now })
      .where('id', '=', runId)
      .where('status', '=', 'running')
      .execute(),

  /** running → paused; undefined when it was not running. */
  pause: (conn: Db, runId: number, promotionId: number, now: string) =>
    conn
      .updateTable('promotion_runs')
      .set({ status: 'paused', updated_at: now })
      .where('id', '=', runId)
      .where('promotion_id', '=', promotionId)
      .where('status', '=', 'running')
      .returningAll()
      .executeTakeFirst()
      .then(maybeRun),

  /** running → paused, when still at `step` (its job failed for good); undefined otherwise. */
  pauseAtStep: (conn: Db, runId: number, step: number, now: string) =>
    conn
      .updateTable('promotion_runs')
      .set({ status: 'paused', updated_at: now })
      .where('id', '=', runId)
      .where('step', '=', step)
      .where('status', '=', 'running')
      .returningAll()
      .executeTakeFirst()
      .then(maybeRun),

  /** paused → running at a new step (any job of the old chain is stale); undefined when not paused. */
  resume: (conn: Db, runId: number, promotionId: number, now: string) =>
    conn
      .updateTable('promotion_runs')
      .set({ status: 'running', step: sql<number>`step + 1`, updated_at: now })
      .where('id', '=', runId)
      .where('promotion_id', '=', promotionId)
      .where('status', '=', 'paused')
      .returningAll()
      .executeTakeFirst()
      .then(maybeRun),

  thanked: (conn: Db, promotionId: number, userId: number) =>
    conn
      .selectFrom('promotion_thanks')
      .select('user_id')
      .where('promotion_id', '=', promotionId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
      .then((r) => r !== undefined),

  /** Of `userIds`, those thanked for the promotion already. */
  async thankedAmong(conn: Db, promotionId: number, userIds: readonly number[]) {
    const out = new Set<number>()
    for (let i = 0; i < userIds.length; i += ITEMS_PER_INSERT) {
      const rows = await conn
        .selectFrom('promotion_thanks')
        .select('user_id')
        .where('promotion_id', '=', promotionId)
        .where('user_id', 'in', userIds.slice(i, i + ITEMS_PER_INSERT))
        .execute()
      for (const r of rows) out.add(Number(r.user_id))
    }
    return out
  },

  insertThanks: (
    conn: Db,
    t: { promotionId: number; userId: number; brandId: number; runId: number; messageId: number },
    now: string,
  ) =>
    conn
      .insertInto('promotion_thanks')
      .values({
        promotion_id: t.promotionId,
        user_id: t.userId,
        brand_id: t.brandId,
        run_id: t.runId,
        message_id: t.messageId,
        thanked_at: now,
      })
      .execute(),

  /**
   * The brand's last thank-you, whatever the run, with the brand's row locked until the
   * transaction ends: two runs of one brand take turns at its pace. (Not against key-share:
   * the brand's own sends, which reference its row, never wait for a step, nor it for them.)
   */
  async lastThankedAtLocked(conn: Db, brandId: number): Promise<string | null> {
    await conn
      .selectFrom('users')
      .select('id')
      .where('id', '=', brandId)
      .$call(forNoKeyUpdate(conn))
      .execute()
    const row = await conn
      .selectFrom('promotion_thanks')
      .select('thanked_at')
      .where('brand_id', '=', brandId)
      .orderBy('thanked_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row?.thanked_at ?? null
  },

  /** A person's names, for the template's placeholders, and whether they are a business. */
  names: (conn: Db, userId: number) =>
    conn
      .selectFrom('users')
      .select(['username', 'business_name', 'account_type'])
      .where('id', '=', userId)
      .executeTakeFirst(),
}
