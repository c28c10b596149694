import type { Generated } from 'kysely'

/**
 * The tables of running an instance (migration 016), part of `Database` in schema.ts: see
 * domain/moderation (reports, actions, the audit log, notices, settings) and
 * domain/accounts (data exports, deletion). The columns added to `users` are in UserTable.
 */

export type ReportTargetType = 'pin' | 'board' | 'user' | 'message'
export type ReportOutcome = 'dismissed' | 'removed' | 'warned' | 'suspended'

/** One person's report of one item, open until a moderator acts on it. */
export interface ReportTable {
  id: Generated<number>
  target_type: ReportTargetType
  target_id: number
  /** whose content it is: the pin's, board's or message's author, or the user reported */
  target_user_id: number | null
  reporter_id: number
  reason: string
  note: string | null
  status: Generated<'open' | 'closed'>
  outcome: ReportOutcome | null
  resolved_by: number | null
  resolved_at: string | null
  created_at: string
}

export type ModerationAction =
  'dismiss' | 'remove' | 'warn' | 'suspend' | 'unsuspend' | 'grant' | 'revoke' | 'settings'

/** The audit log: every moderation action and role change, who did it and why. */
export interface ModerationLogTable {
  id: Generated<number>
  /** null: done from the shell (`npm run admin`) */
  actor_id: number | null
  action: ModerationAction
  target_type: ReportTargetType | 'settings' | null
  target_id: number | null
  target_user_id: number | null
  report_id: number | null
  note: string | null
  /** JSON: what was acted on, as it was (the audit outlives the content) */
  detail: string | null
  created_at: string
}

/** What moderators took down: a message card says "This pin was removed". */
export interface RemovedContentTable {
  target_type: ReportTargetType
  target_id: number
  removed_at: string
}

/** What the app tells a person: a warning, the outcome of their report, an export ready. */
export interface NoticeTable {
  id: Generated<number>
  user_id: number
  kind: 'warning' | 'report_outcome' | 'export_ready'
  /** JSON */
  body: string
  created_at: string
  read_at: string | null
}

/** Key/value settings of the instance, e.g. `registrations` = open | invite_only | closed. */
export interface InstanceSettingTable {
  key: string
  value: string
}

/** A person's ZIP of their data: built by a job, downloadable for 7 days. */
export interface DataExportTable {
  id: Generated<number>
  user_id: number
  status: 'pending' | 'ready' | 'failed' | 'expired'
  file_key: string | null
  size_bytes: number | null
  created_at: string
  ready_at: string | null
  expires_at: string | null
}

/** A deleted account's username (lower-cased), not to be taken again until `until`. */
export interface ReservedUsernameTable {
  username: string
  until: string
}
