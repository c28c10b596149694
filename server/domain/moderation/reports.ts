import {
  REPORT_NOTE_MAX,
  type Report,
  type ReportPage,
  type ReportReason,
} from '../../../protocol/schemas/moderation'
import { nowIso } from '../../db/database'
import type { ReportTargetType } from '../../db/schema-moderation'
import { isUniqueViolation } from '../../db/dialect'
import { BadRequestError, ConflictError, NotFoundError, RateLimitedError } from '../../errors'
import type { RateLimiter } from '../../limits/rate-limiter'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf, parseId } from '../pagination'
import type { Units } from '../unit'
import {
  normalizeReport,
  selectReports,
  type ModerationRepository,
  type ReportRow,
} from './repository'

/** Reports one person may make: 20 an hour. */
export const REPORT_RATE_LIMIT = { limit: 20, windowMs: 3_600_000 }

export interface ReportsDeps {
  units: Units
  repo: ModerationRepository
  limiter: RateLimiter
}

export interface ReportInput {
  target: { type: ReportTargetType; id: string }
  reason: ReportReason
  note?: string | null
}

/** A report as its reporter sees it. */
export function toReport(r: ReportRow): Report {
  return {
    id: String(r.id),
    target: { type: r.target_type, id: String(r.target_id) },
    reason: r.reason as ReportReason,
    note: r.note,
    status: r.status,
    outcome: r.outcome,
    created_at: r.created_at,
    resolved_at: r.resolved_at,
  }
}

/**
 * Reports: anyone signed in reports a pin, board, person or message they can see (once per
 * item, 20 an hour, never their own). The moderators' queue is queue.ts.
 */
export function createReports(deps: ReportsDeps) {
  const { units, repo, limiter } = deps
  const { db } = units

  async function checkRate(reporterId: number) {
    const decision = await limiter.hit(`reports:${reporterId}`, [REPORT_RATE_LIMIT])
    if (!decision.ok) {
      throw new RateLimitedError(
        Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
        'rate_limited',
        'Too many reports',
      )
    }
  }

  /** Writes one report of a visible item; 409 `already_reported` for a second one. */
  async function insert(
    reporterId: number,
    type: ReportTargetType,
    targetId: number,
    reason: string,
    note: string | null,
  ): Promise<ReportRow> {
    const owner = await repo.visibleTargetOwner(reporterId, type, targetId)
    if (owner === reporterId) {
      throw new BadRequestError(
        type === 'user' ? 'You cannot report yourself.' : 'You cannot report your own content.',
        'own_content',
      )
    }
    await checkRate(reporterId)
    try {
      return await units.run(async ({ trx }) => {
        const row = await trx
          .insertInto('reports')
          .values({
            target_type: type,
            target_id: targetId,
            target_user_id: owner,
            reporter_id: reporterId,
            reason,
            note,
            status: 'open',
            outcome: null,
            resolved_by: null,
            resolved_at: null,
            created_at: nowIso(),
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        return normalizeReport(row)
      })
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictError('You already reported this.', 'already_reported')
      }
      throw err
    }
  }

  /** `POST /v5/reports` */
  async function create(reporterId: number, input: ReportInput): Promise<Report> {
    const targetId = parseId(input.target.id)
    if (targetId === null) throw new NotFoundError('Target')
    const note = input.note?.trim() || null
    if (note !== null && note.length > REPORT_NOTE_MAX) {
      throw new BadRequestError(`note must be at most ${REPORT_NOTE_MAX} characters.`)
    }
    return toReport(await insert(reporterId, input.target.type, targetId, input.reason, note))
  }

  /**
   * `POST /v5/messages/{id}/report` (the older endpoint): the reporter's own words are the
   * note, the reason 'other'; the same queue, rules and answers.
   */
  async function reportMessage(reporterId: number, messageId: string, words: string) {
    const id = parseId(messageId)
    if (id === null) throw new NotFoundError('Message')
    const text = words.trim()
    if (text.length < 1 || text.length > 500) {
      throw new BadRequestError('reason must be 1 to 500 characters.')
    }
    const row = await insert(reporterId, 'message', id, 'other', text)
    return {
      id: String(row.id),
      message_id: String(row.target_id),
      reason: text,
      created_at: row.created_at,
    }
  }

  /** The reporter's own reports, newest first. */
  async function listMine(
    reporterId: number,
    page: { bookmark?: string; page_size?: number },
  ): Promise<ReportPage> {
    const after = decodeBookmark(page.bookmark, { id: 'id' })
    const size = page.page_size ?? DEFAULT_PAGE_SIZE
    const rows = await selectReports(db)
      .where('r.reporter_id', '=', reporterId)
      .$if(after !== null, (q) => q.where('r.id', '<', after!.id))
      .orderBy('r.id', 'desc')
      .limit(size + 1)
      .execute()
    return pageOf(rows.map(normalizeReport), size, toReport, (r) => ({ id: r.id }))
  }

  return { create, reportMessage, listMine }
}

export type Reports = ReturnType<typeof createReports>
