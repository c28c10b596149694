import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { ReportPage } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/reports',
  operationId: 'listMyReports',
  summary: 'List the reports the signed-in account made, newest first, with their outcome',
  tags: ['moderation'],
  auth: 'user_accounts:read',
  response: ReportPage,
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.moderation.myReports(viewer.id, query),
})
