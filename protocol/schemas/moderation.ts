import { Type, type Static } from 'typebox'
import { LIMITS } from '../limits'
import { UserSummary } from './accounts'
import { Board } from './boards'
import { Id, Nullable, Page, Time } from './common'
import { Message } from './messaging'
import { Pin } from './pins'

/**
 * Reports, the moderation queue, moderators' actions, the audit log and notices (issue
 * "Running an instance"). Types are exported beside the schemas for the web app (type-only).
 */

export const REPORT_REASONS = [
  'spam',
  'harassment',
  'hate',
  'nudity',
  'violence',
  'self_harm',
  'impersonation',
  'intellectual_property',
  'other',
] as const
export type ReportReason = (typeof REPORT_REASONS)[number]

/** A report's note: up to this many characters (trimmed). */
export const REPORT_NOTE_MAX = LIMITS.moderation.reportNote
/** A moderator's note on an action or a suspension (why). */
export const MODERATION_NOTE_MAX = LIMITS.moderation.actionNote

export const ReportReasonSchema = Type.Union([
  Type.Literal('spam'),
  Type.Literal('harassment'),
  Type.Literal('hate'),
  Type.Literal('nudity'),
  Type.Literal('violence'),
  Type.Literal('self_harm'),
  Type.Literal('impersonation'),
  Type.Literal('intellectual_property'),
  Type.Literal('other'),
])
export const ReportTargetType = Type.Union([
  Type.Literal('pin'),
  Type.Literal('board'),
  Type.Literal('user'),
  Type.Literal('message'),
])
export const ReportTarget = Type.Object({ type: ReportTargetType, id: Id })
export type ReportTarget = Static<typeof ReportTarget>

export const ReportOutcome = Type.Union([
  Type.Literal('dismissed'),
  Type.Literal('removed'),
  Type.Literal('warned'),
  Type.Literal('suspended'),
])
export type ReportOutcome = Static<typeof ReportOutcome>

const reportFields = {
  id: Id,
  target: ReportTarget,
  reason: ReportReasonSchema,
  note: Nullable(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  outcome: Nullable(ReportOutcome),
  created_at: Time,
  resolved_at: Nullable(Time),
}

/** One person's report of one item, as its reporter sees it. */
export const Report = Type.Object(reportFields, { title: 'Report' })
export type Report = Static<typeof Report>

export const ReportPage = Page(Report, 'ReportPage')
export type ReportPage = Static<typeof ReportPage>

/** `POST /v5/reports` */
export const CreateReportBody = Type.Object({
  target: ReportTarget,
  reason: ReportReasonSchema,
  note: Type.Optional(Nullable(Type.String({ maxLength: REPORT_NOTE_MAX * 4 }))),
})

const ModeratedUser = Type.Object({ ...UserSummary.properties, suspended: Type.Boolean() })

/** What was reported, as the reporter could see it (null inside: gone or no longer visible). */
export const ReportContent = Type.Union(
  [
    Type.Object({ type: Type.Literal('pin'), pin: Nullable(Pin) }),
    Type.Object({
      type: Type.Literal('board'),
      board: Nullable(Board),
      pins: Type.Array(Pin, { maxItems: 6 }),
    }),
    Type.Object({
      type: Type.Literal('user'),
      user: Type.Object({ ...ModeratedUser.properties, about: Type.String() }),
    }),
    Type.Object({
      type: Type.Literal('message'),
      conversation_id: Id,
      is_group: Type.Boolean(),
      reported_message_id: Id,
      /** the reported message and up to 3 before and 3 after that the reporter could see, oldest first */
      messages: Type.Array(Message),
    }),
  ],
  { title: 'ReportContent' },
)
export type ReportContent = Static<typeof ReportContent>

/** A report in the moderators' queue: who reported, whose content, the content in context. */
export const AdminReport = Type.Object(
  {
    ...reportFields,
    reporter: UserSummary,
    target_user: Nullable(ModeratedUser),
    /** open reports of the same item other than this one */
    other_open_reports: Type.Integer({ minimum: 0 }),
    content: ReportContent,
  },
  { title: 'AdminReport' },
)
export type AdminReport = Static<typeof AdminReport>

export const AdminReportPage = Page(AdminReport, 'AdminReportPage')
export type AdminReportPage = Static<typeof AdminReportPage>

export const ModerationActionName = Type.Union([
  Type.Literal('dismiss'),
  Type.Literal('remove'),
  Type.Literal('warn'),
  Type.Literal('suspend'),
])
export type ModerationActionName = Static<typeof ModerationActionName>

/** `POST /v5/admin/reports/{id}/actions` */
export const ReportActionBody = Type.Object({
  action: ModerationActionName,
  note: Type.Optional(Nullable(Type.String({ maxLength: MODERATION_NOTE_MAX * 4 }))),
})

/** `POST /v5/admin/users/{username}/suspend` */
export const SuspendBody = Type.Object({
  note: Type.Optional(Nullable(Type.String({ maxLength: MODERATION_NOTE_MAX * 4 }))),
})

export const Suspension = Type.Object(
  {
    username: Type.String(),
    suspended: Type.Boolean(),
    suspended_at: Nullable(Time),
    reason: Nullable(Type.String()),
  },
  { title: 'Suspension' },
)
export type Suspension = Static<typeof Suspension>

/** One line of the audit log: who did what to what, and why. */
export const AuditEntry = Type.Object(
  {
    id: Id,
    /** null: done from the shell (`npm run admin`) */
    actor: Nullable(Type.Object({ username: Type.String() })),
    action: Type.String(),
    target: Nullable(Type.Object({ type: Type.String(), id: Id })),
    target_user: Nullable(Type.Object({ username: Type.String() })),
    report_id: Nullable(Id),
    note: Nullable(Type.String()),
    /** what was acted on, as it was */
    detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
    created_at: Time,
  },
  { title: 'AuditEntry' },
)
export type AuditEntry = Static<typeof AuditEntry>

export const AuditPage = Page(AuditEntry, 'AuditPage')
export type AuditPage = Static<typeof AuditPage>

const noticeFields = { id: Id, created_at: Time, read_at: Nullable(Time) }

/** What the app tells a person: a warning, the outcome of their report, an export ready. */
export const Notice = Type.Union(
  [
    Type.Object({
      ...noticeFields,
      kind: Type.Literal('warning'),
      note: Nullable(Type.String()),
    }),
    Type.Object({
      ...noticeFields,
      kind: Type.Literal('report_outcome'),
      report: Type.Object({
        id: Id,
        target: ReportTarget,
        reason: Type.String(),
        outcome: ReportOutcome,
      }),
    }),
    Type.Object({
      ...noticeFields,
      kind: Type.Literal('export_ready'),
      export_id: Id,
      expires_at: Time,
    }),
  ],
  { title: 'Notice' },
)
export type Notice = Static<typeof Notice>

export const NoticePage = Type.Object(
  {
    items: Type.Array(Notice),
    bookmark: Nullable(Type.String()),
    /** the person's unread notices, over every page */
    unread: Type.Integer({ minimum: 0 }),
  },
  { title: 'NoticePage' },
)
export type NoticePage = Static<typeof NoticePage>

/** `POST /v5/user_account/notices/read`: every notice up to this id is read. */
export const MarkNoticesReadBody = Type.Object({ up_to_id: Id })
