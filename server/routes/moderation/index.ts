import type { Endpoint } from '../../http/endpoint'
import actOnReport from './act-on-report'
import createReport from './create-report'
import listAdminReports from './list-admin-reports'
import listAudit from './list-audit'
import listMyReports from './list-my-reports'
import listNotices from './list-notices'
import markNoticesRead from './mark-notices-read'
import suspendUser from './suspend-user'
import unsuspendUser from './unsuspend-user'

export const moderationEndpoints: Endpoint[] = [
  createReport,
  listMyReports,
  listNotices,
  markNoticesRead,
  listAdminReports,
  actOnReport,
  suspendUser,
  unsuspendUser,
  listAudit,
]
