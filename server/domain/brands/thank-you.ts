import { nowIso, type Db } from '../../db/database'
import { isUniqueViolation } from '../../db/dialect'
import { BadRequestError, NotFoundError } from '../../errors'
import type { Jobs } from '../../jobs/runner'
import { getOwnBoard } from '../boards/access'
import type { MessagingService } from '../messaging/service'
import { parseId } from '../pagination'
import { visiblePinsTo } from '../pins/repository'
import type { Units } from '../unit'
import type { RunOutcome } from '../../db/schema-brands'
import { requireBusiness } from './access'
import { eligibility, type Eligibility } from './eligibility'
import { participantsOf } from './participants'
import { getOwnPin, getOwnPromotion } from './promotions'
import { runRepository as repo, type RunRow } from './run-repository'
import { checkTemplate, toThankYouRun, type ThankYouRun } from './run-view'
import { createThankYouStep } from './thank-you-step'

/** What starting a run takes (POST /v5/promotions/{id}/thank_you). */
export interface ThankYouInput {
  template: string
  attachment?: { type: 'pin' | 'board'; id: string } | null
  client_run_id: string
}

export interface ThankYouDeps {
  units: Units
  jobs: Pick<Jobs, 'enqueue' | 'register'>
  messaging: Pick<MessagingService, 'thankYou'>
  /** a brand's thank-yous go at most one per this many ms (config `thankYouIntervalMs`) */
  intervalMs: number
}

/**
 * How long a step's job stays claimed: a killed process's step is taken up again after it.
 * A step takes milliseconds; 15 s, or less at a fast pace (tests), never under 2 s.
 */
export const stepLeaseMs = (intervalMs: number) =>
  Math.min(15_000, Math.max(2_000, 15 * intervalMs))

/**
 * Thank-you runs: a brand's template sent, one individual 1:1 message each, to the people who
 * took part in one of its promotions and may be messaged under the usual rules — never twice
 * for one promotion. A run snapshots the participants when it starts, then goes through the
 * jobs table one participant per step (thank-you-step.ts), at the brand's pace; it can be
 * paused and resumed, and a run whose process died goes on from the step it was at.
 */
export function createThankYouRuns(deps: ThankYouDeps) {
  const { units, jobs } = deps
  const { db } = units
  const { checkContent } = deps.messaging.thankYou
  const step = createThankYouStep({
    units,
    jobs,
    messaging: deps.messaging.thankYou,
    intervalMs: deps.intervalMs,
  })
  jobs.register('promotion.thank', step, {
    leaseMs: stepLeaseMs(deps.intervalMs),
    // a step that failed for good pauses its run (else "running" forever): the brand sees it
    // paused, and resuming tries that participant again
    onGiveUp: ({ runId, step: at }) =>
      units.run(async (unit) => {
        const run = await repo.pauseAtStep(unit.trx, runId, at, new Date().toISOString())
        if (run) unit.publish({ type: 'promotion.run', brand_id: run.brand_id, run_id: run.id })
      }),
  })

  /**
   * Why each of `ids` would be skipped now, in order — or null when at least one of them may
   * be thanked (then the run goes step by step).
   */
  async function skipsIfNobody(
    conn: Db,
    brandId: number,
    promotionId: number,
    ids: number[],
  ): Promise<RunOutcome[] | null> {
    const thanked = await repo.thankedAmong(conn, promotionId, ids)
    const rest = ids.filter((id) => !thanked.has(id))
    const allowed = new Map<number, Eligibility>()
    for (let i = 0; i < rest.length; i += 500) {
      for (const [id, e] of await eligibility(conn, brandId, rest.slice(i, i + 500))) {
        allowed.set(id, e)
      }
    }
    const skips: RunOutcome[] = []
    for (const id of ids) {
      if (thanked.has(id)) skips.push('already_thanked')
      else {
        const e = allowed.get(id)
        if (e?.can_message) return null
        skips.push(e?.reason ?? 'blocked')
      }
    }
    return skips
  }

  /** The brand's own promotion, after the business check (pinners 403, others' 404). */
  async function ownPromotion(brandId: number, promotionId: string) {
    await requireBusiness(db, brandId)
    return getOwnPromotion(db, brandId, promotionId)
  }

  /** An attachment must be the brand's own and public: every recipient sees it. */
  async function checkAttachment(brandId: number, ref: ThankYouInput['attachment']) {
    if (!ref) return null
    const id = parseId(ref.id)
    if (id === null) throw new NotFoundError(ref.type === 'pin' ? 'Pin' : 'Board')
    let isPublic: boolean
    if (ref.type === 'pin') {
      await getOwnPin(db, brandId, ref.id)
      isPublic = !!(await db
        .selectFrom('pins as p')
        .select('p.id')
        .where('p.id', '=', id)
        .where(visiblePinsTo(null))
        .executeTakeFirst())
    } else {
      isPublic = (await getOwnBoard(db, brandId, id)).privacy === 'PUBLIC'
    }
    if (!isPublic) {
      throw new BadRequestError(`The ${ref.type} must be public: every recipient has to see it.`)
    }
    return { type: ref.type, id }
  }

  /**
   * Starts a run (202), or answers the run this client_run_id started before (200). The run,
   * its participants and the first step's job are written in one unit.
   */
  async function start(
    brandId: number,
    promotionId: string,
    input: ThankYouInput,
  ): Promise<{ run: ThankYouRun; created: boolean }> {
    const promotion = await ownPromotion(brandId, promotionId)
    const earlier = () => repo.byClientId(db, promotion.id, input.client_run_id)
    const prior = await earlier()
    if (prior) return { run: toThankYouRun(prior), created: false }
    const { template, longest } = checkTemplate(input.template)
    const attachment = await checkAttachment(brandId, input.attachment)
    // the longest message it can become passes the checks every message passes
    await checkContent(brandId, {
      client_message_id: 'thank-you',
      text: longest,
      attachment: input.attachment ?? null,
    })
    let row: RunRow
    try {
      row = await units.run(async (unit) => {
        const { trx } = unit
        const now = nowIso()
        const ids = (await participantsOf(trx, promotion)).map((p) => p.user_id)
        // Nobody who may be thanked now: every participant is skipped at once, and it is done.
        // Otherwise each is decided at their step (the rules may change while it runs).
        const skips = await skipsIfNobody(trx, brandId, promotion.id, ids)
        const count = (o: RunOutcome) => skips?.filter((s) => s === o).length ?? 0
        const run = await repo.insertRun(trx, {
          promotion_id: promotion.id,
          brand_id: brandId,
          client_run_id: input.client_run_id,
          template,
          attachment_type: attachment?.type ?? null,
          attachment_id: attachment?.id ?? null,
          status: skips ? 'done' : 'running',
          total: ids.length,
          created_at: now,
          finished_at: skips ? now : null,
          skipped_not_mutual: count('not_mutual'),
          skipped_blocked: count('blocked'),
          skipped_policy_nobody: count('policy_nobody'),
          skipped_already_thanked: count('already_thanked'),
        })
        const items = ids.map((userId, i) => ({ userId, outcome: skips?.[i] ?? null }))
        await repo.insertItems(trx, run.id, items, now)
        if (!skips) {
          await jobs.enqueue(unit, 'promotion.thank', { runId: run.id, step: run.step })
        }
        unit.publish({ type: 'promotion.run', brand_id: brandId, run_id: run.id })
        return run
      })
    } catch (err) {
      // the same client_run_id at the same moment: the other request's run
      const other = isUniqueViolation(err) ? await earlier() : undefined
      if (!other) throw err
      return { run: toThankYouRun(other), created: false }
    }
    return { run: toThankYouRun(row), created: true }
  }

  /** The promotion's latest run; 404 when it has none. */
  async function latest(brandId: number, promotionId: string): Promise<ThankYouRun> {
    const promotion = await ownPromotion(brandId, promotionId)
    const run = await repo.latest(db, promotion.id)
    if (!run) throw new NotFoundError('Thank-you run')
    return toThankYouRun(run)
  }

  /**
   * Pause (running → paused: the next step finds it paused and the chain stops) or resume
   * (paused → running at a new step, with its job), each one conditional update in a unit.
   * A run already in the state asked for, or done, is answered as it is.
   */
  async function change(
    brandId: number,
    promotionId: string,
    runId: string,
    to: 'paused' | 'running',
  ): Promise<ThankYouRun> {
    const promotion = await ownPromotion(brandId, promotionId)
    const id = parseId(runId)
    if (id === null) throw new NotFoundError('Thank-you run')
    const row = await units.run(async (unit) => {
      const now = nowIso()
      const changed =
        to === 'paused'
          ? await repo.pause(unit.trx, id, promotion.id, now)
          : await repo.resume(unit.trx, id, promotion.id, now)
      if (!changed) return repo.byId(unit.trx, id, promotion.id)
      if (to === 'running') {
        await jobs.enqueue(unit, 'promotion.thank', { runId: id, step: changed.step })
      }
      unit.publish({ type: 'promotion.run', brand_id: brandId, run_id: id })
      return changed
    })
    if (!row) throw new NotFoundError('Thank-you run')
    return toThankYouRun(row)
  }

  return {
    start,
    latest,
    pause: (brandId: number, promotionId: string, runId: string) =>
      change(brandId, promotionId, runId, 'paused'),
    resume: (brandId: number, promotionId: string, runId: string) =>
      change(brandId, promotionId, runId, 'running'),
    /**
     * What the stream sends the brand's sockets: the run, when `viewerId` is its brand and
     * still a business account (the checks the REST read makes; the scope is the gateway's).
     */
    async forStream(viewerId: number, runId: number): Promise<ThankYouRun | null> {
      const run = await repo.ofBusiness(db, viewerId, runId)
      return run ? toThankYouRun(run) : null
    },
  }
}

export type ThankYouRuns = ReturnType<typeof createThankYouRuns>
