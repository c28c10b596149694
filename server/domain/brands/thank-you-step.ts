import { isUniqueViolation } from '../../db/dialect'
import type { RunOutcome } from '../../db/schema-brands'
import type { Jobs } from '../../jobs/runner'
import type { MessagingService } from '../messaging/service'
import type { Unit, Units } from '../unit'
import { eligibility } from './eligibility'
import { runRepository as repo, type RunRow } from './run-repository'
import { fillTemplate } from './run-view'

declare module '../../jobs/types' {
  interface JobPayloads {
    /** one step of a thank-you run: the next participant; stale unless the run is at `step` */
    'promotion.thank': { runId: number; step: number }
  }
}

export interface ThankYouStepDeps {
  units: Units
  jobs: Pick<Jobs, 'enqueue'>
  messaging: Pick<MessagingService['thankYou'], 'sendInPair'>
  /** a brand's thank-yous go at most one per this many ms, whatever the run */
  intervalMs: number
}

/** The client id of a thank-you: one per promotion and person, whatever the run or retry. */
export const thankYouClientId = (promotionId: number, userId: number) =>
  `thank-you:${promotionId}:${userId}`

/**
 * One step of a run, as one unit: take the step (a stale or second copy of the job stops
 * here), then the next pending participant — already thanked for this promotion, or not to be
 * messaged under the messaging rules: skipped with the reason; else, when the brand's pace
 * allows, an individual message in their 1:1 (found or opened), recorded as thanked — then the
 * run's counters, the next step's job (after the interval when something was sent, at once
 * otherwise) and the progress event. No participant left: the run is done.
 */
export function createThankYouStep(deps: ThankYouStepDeps) {
  const { units, jobs, messaging, intervalMs } = deps

  const next = (unit: Unit, run: RunRow, runAt?: number) =>
    jobs.enqueue(
      unit,
      'promotion.thank',
      { runId: run.id, step: run.step },
      runAt === undefined ? {} : { runAt: new Date(runAt) },
    )

  /** Sends the thank-you to `userId` inside `unit`; the message's id. */
  async function thank(unit: Unit, run: RunRow, userId: number, now: string) {
    const { trx } = unit
    const [brand, who] = await Promise.all([repo.names(trx, run.brand_id), repo.names(trx, userId)])
    if (!brand || !who) return null
    const text = fillTemplate(run.template, who)
    const attachment =
      run.attachment_type === null || run.attachment_id === null
        ? null
        : { type: run.attachment_type, id: run.attachment_id }
    const message = await messaging.sendInPair(
      unit,
      { id: run.brand_id, username: brand.username },
      userId,
      thankYouClientId(run.promotion_id, userId),
      { text, attachment },
      run.promotion_id,
    )
    await repo.insertThanks(
      trx,
      {
        promotionId: run.promotion_id,
        userId,
        brandId: run.brand_id,
        runId: run.id,
        messageId: message.id,
      },
      now,
    )
    return message.id
  }

  async function stepIn(unit: Unit, runId: number, step: number): Promise<void> {
    const { trx } = unit
    const at = Date.now()
    const now = new Date(at).toISOString()
    // after this, the run is at step + 1: what follows enqueues the job for that step
    const run = await repo.claimStep(trx, runId, step, now)
    if (!run) return
    const progress = () =>
      unit.publish({ type: 'promotion.run', brand_id: run.brand_id, run_id: run.id })
    // a brand that became a personal account thanks nobody more: the run pauses (resuming
    // asks for a business account again)
    if ((await repo.names(trx, run.brand_id))?.account_type !== 'BUSINESS') {
      await repo.pause(trx, runId, run.promotion_id, now)
      return progress()
    }
    const userId = await repo.nextPending(trx, runId)
    if (userId === null) {
      await repo.finish(trx, runId, now)
      return progress()
    }
    let outcome: RunOutcome
    let messageId: number | null = null
    if (await repo.thanked(trx, run.promotion_id, userId)) outcome = 'already_thanked'
    else {
      const allowed = (await eligibility(trx, run.brand_id, [userId])).get(userId)
      if (!allowed?.can_message) outcome = allowed?.reason ?? 'blocked'
      else {
        const last = await repo.lastThankedAtLocked(trx, run.brand_id)
        const due = last === null ? 0 : Date.parse(last) + intervalMs
        // too soon after the brand's last thank-you (another run of its, maybe): wait for it
        if (due > at) return void (await next(unit, run, due))
        messageId = await thank(unit, run, userId, now)
        outcome = messageId === null ? 'blocked' : 'sent'
      }
    }
    await repo.recordOutcome(trx, { runId, userId, outcome, messageId }, now)
    if ((await repo.nextPending(trx, runId)) === null) await repo.finish(trx, runId, now)
    else await next(unit, run, outcome === 'sent' ? at + intervalMs : undefined)
    progress()
  }

  /**
   * The job's handler. A 1:1 the participant opened at the same moment fails the unit on the
   * pair's key: the step runs again at once (it finds the pair then).
   */
  return async function step(payload: { runId: number; step: number }): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await units.run((unit) => stepIn(unit, payload.runId, payload.step))
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 1) throw err
      }
    }
  }
}
