import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { AdminReportPage } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/admin/reports',
  operationId: 'listAdminReports',
  summary:
    'The reports queue (moderators and admins): open ones oldest first, closed ones newest resolved first, each with its content as the reporter could see it',
  tags: ['moderation'],
  auth: 'user_accounts:read',
  response: AdminReportPage,
  query: Type.Object({
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('closed')], { default: 'open' }),
    ),
    ...PageQuery,
  }),
  handler: ({ viewer, query, ctx }) =>
    ctx.services.moderation.queue(viewer.id, query.status ?? 'open', query),
})
