import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { AdminReport, ReportActionBody } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/admin/reports/:report_id/actions',
  operationId: 'actOnReport',
  summary:
    'Act on an open report (moderators and admins): dismiss, remove the content, warn or suspend its author; every open report of the same item closes with it',
  tags: ['moderation'],
  auth: 'user_accounts:write',
  response: AdminReport,
  errors: [409],
  params: Type.Object({ report_id: Id }),
  body: ReportActionBody,
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.moderation.act(viewer.id, Number(params.report_id), body.action, body.note),
})
