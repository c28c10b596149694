import {
  MODERATION_NOTE_MAX,
  type ModerationActionName,
  type Suspension,
} from '../../../protocol/schemas/moderation'
import { nowIso } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import type { ReportOutcome } from '../../db/schema-moderation'
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../errors'
import type { Unit, Units } from '../unit'
import { writeAudit } from './audit'
import type { Enforcement } from './enforcement'
import type { Notices } from './notices'
import { normalizeReport, selectReports, type ModerationRepository } from './repository'
import { requireModerator, type Role } from './roles'

const OUTCOME: Record<ModerationActionName, ReportOutcome> = {
  dismiss: 'dismissed',
  remove: 'removed',
  warn: 'warned',
  suspend: 'suspended',
}

export interface ActionsDeps {
  units: Units
  repo: ModerationRepository
  notices: Pick<Notices, 'create'>
  enforcement: Pick<Enforcement, 'suspend' | 'unsuspend' | 'remove'>
}

/** A note as stored: trimmed, null when empty; 400 past MODERATION_NOTE_MAX characters. */
function noteOf(raw: string | null | undefined): string | null {
  const note = raw?.trim() || null
  if (note !== null && note.length > MODERATION_NOTE_MAX) {
    throw new BadRequestError(`note must be at most ${MODERATION_NOTE_MAX} characters.`)
  }
  return note
}

/**
 * What moderators do: act on a report (dismiss, remove the content, warn its author, suspend
 * its author) — closing every open report of the same item, telling each reporter the
 * outcome, writing the audit — and suspend or unsuspend an account directly.
 */
export function createActions(deps: ActionsDeps) {
  const { units, repo, notices, enforcement } = deps
  const { db } = units

  /**
   * A moderator may not suspend an admin or a moderator, nor lift an admin's suspension of
   * one; nobody suspends themselves.
   */
  async function checkSuspendable(
    unit: Unit,
    actorId: number,
    actorRole: Role,
    userId: number,
    verb: 'suspend' | 'unsuspend' = 'suspend',
  ): Promise<void> {
    if (userId === actorId) {
      throw new ForbiddenError(`You cannot ${verb} your own account.`, 'protected_account')
    }
    const target = await unit.trx
      .selectFrom('users')
      .select('role')
      .where('id', '=', userId)
      .executeTakeFirst()
    if (actorRole !== 'admin' && target?.role) {
      throw new ForbiddenError(
        `Only an admin may ${verb} an admin or a moderator.`,
        'protected_account',
      )
    }
  }

  /** Acts on an open report; answers once committed (the caller reads the report back). */
  async function act(
    actorId: number,
    reportId: number,
    action: ModerationActionName,
    rawNote: string | null | undefined,
  ): Promise<void> {
    const role = await requireModerator(db, actorId)
    const note = noteOf(rawNote)
    await units.run(async (unit) => {
      const { trx } = unit
      const found = await selectReports(trx).where('r.id', '=', reportId).executeTakeFirst()
      if (!found) throw new NotFoundError('Report')
      const report = normalizeReport(found)
      const { target_type: type, target_id: targetId, target_user_id: targetUserId } = report
      // every report of the item, locked in id order: two moderators acting on two reports of
      // one item at once queue up (the second then finds its report closed) rather than deadlock
      const ofItem = await trx
        .selectFrom('reports')
        .select(['id', 'reporter_id', 'reason', 'status'])
        .where('target_type', '=', type)
        .where('target_id', '=', targetId)
        .orderBy('id')
        .$call(forUpdate(trx))
        .execute()
      // a deleted account's tombstone is told nothing
      const gone = new Set(
        (
          await trx
            .selectFrom('users')
            .select('id')
            .where('id', 'in', [...ofItem.map((r) => r.reporter_id), targetUserId ?? 0])
            .where('deleted_at', 'is not', null)
            .execute()
        ).map((u) => Number(u.id)),
      )
      if (ofItem.find((r) => Number(r.id) === reportId)?.status !== 'open') {
        throw new ConflictError('This report is closed already.', 'report_closed')
      }
      if (action === 'remove' && type === 'user') {
        throw new BadRequestError(
          'A person cannot be removed: warn or suspend them instead.',
          'invalid_action',
        )
      }
      if (
        (action === 'warn' || action === 'suspend') &&
        (targetUserId === null || gone.has(targetUserId))
      ) {
        throw new BadRequestError('The account behind this content is gone.', 'invalid_action')
      }
      if (action === 'suspend') await checkSuspendable(unit, actorId, role, targetUserId!)

      // every open report of the same item closes with the same outcome
      const now = nowIso()
      const outcome = OUTCOME[action]
      const closing = ofItem
        .filter((r) => r.status === 'open')
        .map((r) => ({ id: Number(r.id), reporterId: Number(r.reporter_id), reason: r.reason }))
      await trx
        .updateTable('reports')
        .set({ status: 'closed', outcome, resolved_by: actorId, resolved_at: now })
        .where(
          'id',
          'in',
          closing.map((r) => r.id),
        )
        .execute()
      for (const r of closing) {
        if (gone.has(r.reporterId)) continue
        await notices.create(
          r.reporterId,
          {
            kind: 'report_outcome',
            report: {
              id: String(r.id),
              target: { type, id: String(targetId) },
              reason: r.reason,
              outcome,
            },
          },
          unit,
        )
      }

      let content: Record<string, unknown> | null = null
      if (action === 'remove') {
        content = await enforcement.remove(
          { type: type as 'pin' | 'board' | 'message', id: targetId },
          unit,
        )
      } else if (action === 'warn') {
        await notices.create(targetUserId!, { kind: 'warning', note }, unit)
      } else if (action === 'suspend') {
        await enforcement.suspend(targetUserId!, note, unit)
      }
      await writeAudit(unit, {
        actorId,
        action,
        target: { type, id: targetId },
        targetUserId,
        reportId,
        note,
        detail: {
          reports: closing.map((r) => String(r.id)),
          ...(content ? { content } : {}),
        },
      })
    })
  }

  async function suspensionOf(userId: number): Promise<Suspension> {
    const row = await db
      .selectFrom('users')
      .select(['username', 'suspended_at', 'suspension_reason'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    return {
      username: row.username,
      suspended: row.suspended_at !== null,
      suspended_at: row.suspended_at,
      reason: row.suspended_at !== null ? row.suspension_reason : null,
    }
  }

  /**
   * Suspends an account by username, or lifts its suspension (audited); asking for what is so
   * already changes nothing.
   */
  async function setSuspension(
    verb: 'suspend' | 'unsuspend',
    actorId: number,
    username: string,
    rawNote: string | null | undefined,
  ): Promise<Suspension> {
    const role = await requireModerator(db, actorId)
    const note = noteOf(rawNote)
    const user = await repo.findUser(username)
    if (!user) throw new NotFoundError('User')
    const userId = Number(user.id)
    await units.run(async (unit) => {
      await checkSuspendable(unit, actorId, role, userId, verb)
      const now = await unit.trx
        .selectFrom('users')
        .select(['suspended_at', 'suspension_reason'])
        .where('id', '=', userId)
        .$call(forUpdate(unit.trx))
        .executeTakeFirst()
      if (!now || (now.suspended_at !== null) === (verb === 'suspend')) return
      if (verb === 'suspend') await enforcement.suspend(userId, note, unit)
      else await enforcement.unsuspend(userId, unit)
      await writeAudit(unit, {
        actorId,
        action: verb,
        target: { type: 'user', id: userId },
        targetUserId: userId,
        note,
        detail:
          verb === 'suspend'
            ? { username: user.username }
            : {
                username: user.username,
                suspended_at: now.suspended_at,
                reason: now.suspension_reason,
              },
      })
    })
    return suspensionOf(userId)
  }

  return {
    act,
    suspend: (...args: SuspensionArgs) => setSuspension('suspend', ...args),
    unsuspend: (...args: SuspensionArgs) => setSuspension('unsuspend', ...args),
  }
}

type SuspensionArgs = [actorId: number, username: string, rawNote: string | null | undefined]

export type Actions = ReturnType<typeof createActions>
