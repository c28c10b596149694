import type { Board, Page, Pin, UserSummary } from '../../../protocol/api'
import type { Message } from '../../../protocol/messages'
import { api } from '../../lib/api'

/**
 * Reports, the moderation queue, the audit log and notices, as the web app calls them
 * (API.md: "Reports & moderation", "Notices").
 */

export type ReportTargetType = 'pin' | 'board' | 'user' | 'message'
export interface ReportTarget {
  type: ReportTargetType
  id: string
}

export const REPORT_REASONS = [
  { value: 'spam', label: 'Spam', hint: 'Misleading, repetitive or unwanted promotion' },
  { value: 'harassment', label: 'Harassment or bullying', hint: 'Targets or insults someone' },
  { value: 'hate', label: 'Hateful content', hint: 'Attacks people for who they are' },
  { value: 'nudity', label: 'Nudity or sexual content', hint: undefined },
  { value: 'violence', label: 'Violence or threats', hint: undefined },
  { value: 'self_harm', label: 'Self-harm', hint: 'Suicide, self-injury, eating disorders' },
  { value: 'impersonation', label: 'Impersonation', hint: 'Pretends to be someone else' },
  {
    value: 'intellectual_property',
    label: 'Intellectual property',
    hint: 'Uses my work without permission',
  },
  { value: 'other', label: 'Something else', hint: undefined },
] as const

export type ReportReason = (typeof REPORT_REASONS)[number]['value']
export type ReportOutcome = 'dismissed' | 'removed' | 'warned' | 'suspended'
export type ModerationAction = 'dismiss' | 'remove' | 'warn' | 'suspend'

export const NOTE_MAX = 1000

export function reasonLabel(reason: string): string {
  return REPORT_REASONS.find((r) => r.value === reason)?.label ?? reason
}

export interface Report {
  id: string
  target: ReportTarget
  reason: ReportReason
  note: string | null
  status: 'open' | 'closed'
  outcome: ReportOutcome | null
  created_at: string
  resolved_at: string | null
}

export type StaffUser = UserSummary & { suspended: boolean }

export type ReportContent =
  | { type: 'pin'; pin: Pin | null }
  | { type: 'board'; board: Board | null; pins: Pin[] }
  | { type: 'user'; user: StaffUser & { about: string } }
  | {
      type: 'message'
      conversation_id: string
      is_group: boolean
      reported_message_id: string
      messages: Message[]
    }

export interface AdminReport extends Report {
  reporter: UserSummary
  target_user: StaffUser | null
  other_open_reports: number
  content: ReportContent
}

export interface AuditEntry {
  id: string
  actor: { username: string } | null
  action: string
  target: { type: string; id: string } | null
  target_user: { username: string } | null
  report_id: string | null
  note: string | null
  detail: Record<string, unknown> | null
  created_at: string
}

export type NoticeBody =
  | { kind: 'warning'; note: string | null }
  | {
      kind: 'report_outcome'
      report: { id: string; target: ReportTarget; reason: string; outcome: ReportOutcome }
    }
  | { kind: 'export_ready'; export_id: string; expires_at: string }

export type Notice = { id: string; created_at: string; read_at: string | null } & NoticeBody

export type NoticePage = Page<Notice> & { unread: number }

export function createReport(
  target: ReportTarget,
  reason: ReportReason,
  note: string | null,
): Promise<Report> {
  return api<Report>('/v5/reports', {
    method: 'POST',
    body: { target, reason, ...(note ? { note } : {}) },
  })
}

export const adminReportsPath = (status: 'open' | 'closed') => `/v5/admin/reports?status=${status}`

export function actOnReport(
  id: string,
  action: ModerationAction,
  note: string | null,
): Promise<AdminReport> {
  return api<AdminReport>(`/v5/admin/reports/${encodeURIComponent(id)}/actions`, {
    method: 'POST',
    body: { action, ...(note ? { note } : {}) },
  })
}

export function setSuspended(
  username: string,
  suspended: boolean,
  note: string | null,
): Promise<{ username: string; suspended: boolean }> {
  const verb = suspended ? 'suspend' : 'unsuspend'
  return api(`/v5/admin/users/${encodeURIComponent(username)}/${verb}`, {
    method: 'POST',
    body: note && suspended ? { note } : {},
  })
}

export const AUDIT_PATH = '/v5/admin/audit'
export const NOTICES_PATH = '/v5/user_account/notices'

export function noticeSummary(): Promise<NoticePage> {
  return api<NoticePage>(NOTICES_PATH, { query: { page_size: 1 } })
}

export function markNoticesRead(upToId: string): Promise<void> {
  return api<void>(`${NOTICES_PATH}/read`, { method: 'POST', body: { up_to_id: upToId } })
}

/** Whether a message or an attachment was taken down by a moderator (`removed: true`). */
export function wasRemoved(item: object | null | undefined): boolean {
  return !!item && (item as { removed?: unknown }).removed === true
}

/** What a target is called in a sentence: "pin", "board", "profile", "message". */
export function targetNoun(type: string): string {
  return type === 'user' ? 'profile' : type
}

export const OUTCOME_TEXT: Record<ReportOutcome, string> = {
  dismissed: 'reviewed; no action was taken',
  removed: 'removed',
  warned: 'reviewed; its author was warned',
  suspended: 'reviewed; the account was suspended',
}
