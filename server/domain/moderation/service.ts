import type { RateLimiter } from '../../limits/rate-limiter'
import type { BoardsService } from '../boards/service'
import type { GraphService } from '../graph/service'
import type { MessagingService } from '../messaging/service'
import { decodeBookmark } from '../pagination'
import type { PinsService } from '../pins/service'
import type { Units } from '../unit'
import { createActions } from './actions'
import { createAudit } from './audit'
import type { Enforcement } from './enforcement'
import type { Notices } from './notices'
import { createQueue } from './queue'
import { createReports } from './reports'
import { createModerationRepository } from './repository'
import { requireModerator } from './roles'

/**
 * Reports, the moderators' queue and actions, the audit log. Role checks are read from the
 * database per request (roles.ts); what suspension and removal do is enforcement.ts's.
 */
export function createModerationService(deps: {
  units: Units
  limiter: RateLimiter
  notices: Pick<Notices, 'create'>
  enforcement: Pick<Enforcement, 'suspend' | 'unsuspend' | 'remove'>
  pins: Pick<PinsService, 'toPins'>
  boards: Pick<BoardsService, 'get'>
  graph: Pick<GraphService, 'toSummary'>
  messaging: Pick<MessagingService, 'stream'>
}) {
  const { units } = deps
  const { db } = units
  const repo = createModerationRepository(db)
  const reports = createReports({ ...deps, repo })
  const queue = createQueue({ ...deps, db, repo })
  const actions = createActions({ ...deps, repo })
  const audit = createAudit(db)

  return {
    /** `POST /v5/reports` */
    report: reports.create,
    /** `POST /v5/messages/{id}/report` */
    reportMessage: reports.reportMessage,
    /** the person's own reports */
    myReports: reports.listMine,

    /** the queue (moderators and admins) */
    async queue(
      viewerId: number,
      status: 'open' | 'closed',
      page: { bookmark?: string; page_size?: number },
    ) {
      // a forged bookmark is a 400 whoever asks (it says nothing)
      if (status === 'open') decodeBookmark(page.bookmark, { id: 'id' })
      else decodeBookmark(page.bookmark, { at: 'time', id: 'id' })
      await requireModerator(db, viewerId)
      return queue.queue(status, page)
    },

    /** acts on a report, answers it as the queue shows it now */
    async act(...args: Parameters<typeof actions.act>) {
      await actions.act(...args)
      return queue.adminReport(args[1])
    },

    suspend: actions.suspend,
    unsuspend: actions.unsuspend,

    /** the audit log (moderators and admins) */
    async audit(viewerId: number, page: { bookmark?: string; page_size?: number }) {
      decodeBookmark(page.bookmark, { id: 'id' })
      await requireModerator(db, viewerId)
      return audit.list(page)
    },
  }
}

export type ModerationService = ReturnType<typeof createModerationService>
