import type { AuditEntry, AuditPage } from '../../../protocol/schemas/moderation'
import { nowIso, type Db } from '../../db/database'
import type { ModerationAction, ReportTargetType } from '../../db/schema-moderation'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf } from '../pagination'
import type { Unit } from '../unit'

/** One line to write into the audit log. */
export interface AuditLine {
  /** null: the shell */
  actorId: number | null
  action: ModerationAction
  target: { type: ReportTargetType | 'settings'; id: number | null } | null
  targetUserId: number | null
  reportId?: number | null
  note?: string | null
  /** what was acted on, as it was */
  detail?: Record<string, unknown> | null
}

/** Writes one line of the audit log inside the action's own transaction. */
export async function writeAudit(unit: Pick<Unit, 'trx'>, line: AuditLine): Promise<void> {
  await unit.trx
    .insertInto('moderation_log')
    .values({
      actor_id: line.actorId,
      action: line.action,
      target_type: line.target?.type ?? null,
      target_id: line.target?.id ?? null,
      target_user_id: line.targetUserId,
      report_id: line.reportId ?? null,
      note: line.note ?? null,
      detail: line.detail ? JSON.stringify(line.detail) : null,
      created_at: nowIso(),
    })
    .execute()
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (text === null) return null
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value }
  } catch {
    return { text }
  }
}

/** The audit log, newest first: who did what to what, and why. */
export function createAudit(db: Db) {
  return {
    async list(page: { bookmark?: string; page_size?: number }): Promise<AuditPage> {
      const after = decodeBookmark(page.bookmark, { id: 'id' })
      const size = page.page_size ?? DEFAULT_PAGE_SIZE
      const rows = await db
        .selectFrom('moderation_log as l')
        .leftJoin('users as a', 'a.id', 'l.actor_id')
        .leftJoin('users as tu', 'tu.id', 'l.target_user_id')
        .select([
          'l.id',
          'l.action',
          'l.target_type',
          'l.target_id',
          'l.report_id',
          'l.note',
          'l.detail',
          'l.created_at',
          'a.username as actor_username',
          'tu.username as target_username',
        ])
        .$if(after !== null, (q) => q.where('l.id', '<', after!.id))
        .orderBy('l.id', 'desc')
        .limit(size + 1)
        .execute()
      return pageOf(
        rows,
        size,
        (r): AuditEntry => ({
          id: String(r.id),
          actor: r.actor_username ? { username: r.actor_username } : null,
          action: r.action,
          target:
            r.target_type !== null && r.target_id !== null
              ? { type: r.target_type, id: String(r.target_id) }
              : null,
          target_user: r.target_username ? { username: r.target_username } : null,
          report_id: r.report_id === null ? null : String(r.report_id),
          note: r.note,
          detail: parseDetail(r.detail),
          created_at: r.created_at,
        }),
        (r) => ({ id: Number(r.id) }),
      )
    },
  }
}
