import type { Message } from '../../../protocol/messages'
import type {
  AdminReport,
  AdminReportPage,
  ReportContent,
} from '../../../protocol/schemas/moderation'
import type { Db } from '../../db/database'
import { NotFoundError } from '../../errors'
import type { BoardsService } from '../boards/service'
import type { GraphService } from '../graph/service'
import type { UserSummaryRow } from '../graph/user-summary'
import type { MessagingService } from '../messaging/service'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf } from '../pagination'
import type { PinsService } from '../pins/service'
import { toReport } from './reports'
import {
  normalizeReport,
  selectReports,
  type ModeratedColumns,
  type ModerationRepository,
  type ReportRow,
} from './repository'

/** A board's pins shown in the queue. */
const BOARD_PINS_SHOWN = 6
/** Messages shown on each side of a reported one. */
const MESSAGES_AROUND = 3

/** Someone whose row is gone (a demo reset deletes people outright): known by id only. */
const goneUser = (id: number) => ({
  type: 'user' as const,
  id: String(id),
  username: `deleted-${id}`,
  account_type: 'PINNER' as const,
  business_name: null,
  profile_image: null,
})

export interface QueueDeps {
  db: Db
  repo: ModerationRepository
  pins: Pick<PinsService, 'toPins'>
  boards: Pick<BoardsService, 'get'>
  graph: Pick<GraphService, 'toSummary'>
  messaging: {
    stream: Pick<MessagingService['stream'], 'messagesAfter' | 'renderMessages' | 'messageById'>
  }
}

/**
 * The moderators' queue: each report with who made it, whose content it is, how many others
 * reported the same item, and the content itself as its reporter could see it.
 */
export function createQueue(deps: QueueDeps) {
  const { db, repo } = deps

  type Person = UserSummaryRow & ModeratedColumns
  const summaryOf = (p: Person) => deps.graph.toSummary(p, null)
  const moderated = (p: Person) => ({ ...summaryOf(p), suspended: p.suspended_at !== null })

  /** What was reported, as the reporter could see it now. */
  async function contentOf(r: ReportRow, people: Map<number, Person>): Promise<ReportContent> {
    const viewer = r.reporter_id
    switch (r.target_type) {
      case 'pin': {
        const rows = await repo.pinRows(viewer, r.target_id)
        const [pin] = rows.length ? await deps.pins.toPins(rows, viewer) : []
        return { type: 'pin', pin: pin ?? null }
      }
      case 'board': {
        const board = await deps.boards.get(r.target_id, viewer).catch((err: unknown) => {
          if (err instanceof NotFoundError) return null
          throw err
        })
        const rows = board ? await repo.boardPinRows(viewer, r.target_id, BOARD_PINS_SHOWN) : []
        const pins = rows.length ? await deps.pins.toPins(rows, viewer) : []
        return { type: 'board', board, pins }
      }
      case 'user': {
        const person = people.get(r.target_id)
        const user = person
          ? { ...moderated(person), about: person.about }
          : { ...goneUser(r.target_id), suspended: false, about: '' }
        return { type: 'user', user }
      }
      case 'message':
        return messageContent(r)
    }
  }

  /**
   * The reported message and up to 3 before and 3 after it, oldest first — only messages the
   * reporter could see as a member (after they joined, up to when they left, none from people
   * they blocked in a group: messaging's own rule), rendered as they would see them.
   */
  async function messageContent(r: ReportRow): Promise<ReportContent> {
    const viewer = r.reporter_id
    const place = await repo.messagePlace(r.target_id)
    if (!place) {
      return {
        type: 'message',
        conversation_id: '0',
        is_group: false,
        reported_message_id: String(r.target_id),
        messages: [],
      }
    }
    const { stream } = deps.messaging
    const { conversationId, seq } = place
    // visible messages from MESSAGES_AROUND seqs before it on: at most 3 before, it, 3 after
    const around = await stream.messagesAfter(
      viewer,
      conversationId,
      Math.max(0, seq - MESSAGES_AROUND - 1),
      MESSAGES_AROUND * 2 + 1,
    )
    const before = around.filter((m) => Number(m.seq) < seq)
    let reported = around.find((m) => Number(m.seq) === seq)
    let after = around.filter((m) => Number(m.seq) > seq)
    if (after.length < MESSAGES_AROUND) {
      after = await stream.messagesAfter(viewer, conversationId, seq, MESSAGES_AROUND)
    }
    // what was reported is shown even if the reporter no longer sees it (they did then)
    reported ??= await stream.messageById(r.target_id)
    const rows = [...before, ...(reported ? [reported] : []), ...after.slice(0, MESSAGES_AROUND)]
    const messages: Message[] = rows.length ? await stream.renderMessages(viewer, rows) : []
    return {
      type: 'message',
      conversation_id: String(conversationId),
      is_group: place.isGroup,
      reported_message_id: String(r.target_id),
      messages,
    }
  }

  /** Reports as the queue shows them. */
  async function toAdminReports(rows: ReportRow[]): Promise<AdminReport[]> {
    const people = await repo.summaries(
      rows.flatMap((r) => [
        r.reporter_id,
        ...(r.target_user_id !== null ? [r.target_user_id] : []),
        ...(r.target_type === 'user' ? [r.target_id] : []),
      ]),
    )
    const open = await repo.openCounts(rows.map((r) => ({ type: r.target_type, id: r.target_id })))
    const out: AdminReport[] = []
    for (const r of rows) {
      const reporter = people.get(r.reporter_id)
      const targetUser = r.target_user_id !== null ? people.get(r.target_user_id) : undefined
      const openHere = open.get(`${r.target_type}:${r.target_id}`) ?? 0
      out.push({
        ...toReport(r),
        reporter: reporter ? summaryOf(reporter) : goneUser(r.reporter_id),
        target_user: targetUser ? moderated(targetUser) : null,
        other_open_reports: Math.max(0, openHere - (r.status === 'open' ? 1 : 0)),
        content: await contentOf(r, people),
      })
    }
    return out
  }

  /** The queue: open reports oldest first, or closed ones newest resolved first. */
  async function queue(
    status: 'open' | 'closed',
    page: { bookmark?: string; page_size?: number },
  ): Promise<AdminReportPage> {
    const size = page.page_size ?? DEFAULT_PAGE_SIZE
    let rows
    if (status === 'open') {
      const after = decodeBookmark(page.bookmark, { id: 'id' })
      rows = await selectReports(db)
        .where('r.status', '=', 'open')
        .$if(after !== null, (q) => q.where('r.id', '>', after!.id))
        .orderBy('r.id', 'asc')
        .limit(size + 1)
        .execute()
    } else {
      const after = decodeBookmark(page.bookmark, { at: 'time', id: 'id' })
      rows = await selectReports(db)
        .where('r.status', '=', 'closed')
        .$if(after !== null, (q) =>
          q.where((eb) =>
            eb.or([
              eb('r.resolved_at', '<', after!.at),
              eb.and([eb('r.resolved_at', '=', after!.at), eb('r.id', '<', after!.id)]),
            ]),
          ),
        )
        .orderBy('r.resolved_at', 'desc')
        .orderBy('r.id', 'desc')
        .limit(size + 1)
        .execute()
    }
    const result = pageOf(
      rows.map(normalizeReport),
      size,
      (r) => r,
      (r): Record<string, string | number> =>
        status === 'open' ? { id: r.id } : { at: r.resolved_at ?? r.created_at, id: r.id },
    )
    return { items: await toAdminReports(result.items), bookmark: result.bookmark }
  }

  /** One report, as the queue shows it (404 when there is none). */
  async function adminReport(id: number): Promise<AdminReport> {
    const row = await selectReports(db).where('r.id', '=', id).executeTakeFirst()
    if (!row) throw new NotFoundError('Report')
    const [report] = await toAdminReports([normalizeReport(row)])
    return report!
  }

  return { queue, adminReport }
}

export type Queue = ReturnType<typeof createQueue>
