/**
 * Reports, the moderation queue, the audit log and notices, as the web app calls them
 * (API.md: "Reports & moderation", "Notices").
 */

import type {
  AdminReport,
  AuditEntry,
  ModerationActionName,
  Notice,
  NoticePage,
  Report,
  ReportContent,
  ReportOutcome,
  ReportReason,
} from '../../../protocol/schemas/moderation'
import { api } from '../../lib/api'
import { boardPath } from '../boards/boards-api'
import { pinPath } from '../pins/pins-api'

export interface ReportTarget {
  type: 'pin' | 'board' | 'user' | 'message'
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
] as const satisfies readonly { value: ReportReason; label: string; hint?: string }[]

export function reasonLabel(reason: string): string {
  return REPORT_REASONS.find((r) => r.value === reason)?.label ?? reason
}

export type {
  AdminReport,
  AuditEntry,
  ModerationActionName as ModerationAction,
  Notice,
  NoticePage,
  Report,
  ReportContent,
  ReportOutcome,
  ReportReason,
}

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
  action: ModerationActionName,
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

/** Where a report's target lives (pins and boards; a profile's id is no path, a message has none). */
export function targetPath(target: { type: string; id: string }): string | null {
  if (target.type === 'pin') return pinPath(target)
  if (target.type === 'board') return boardPath(target)
  return null
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
