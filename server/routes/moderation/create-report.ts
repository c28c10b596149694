import { defineEndpoint } from '../../http/endpoint'
import { CreateReportBody, Report } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/reports',
  operationId: 'createReport',
  summary: 'Report a pin, board, person or message (once per item; 20 an hour)',
  tags: ['moderation'],
  auth: 'user_accounts:write',
  status: 201,
  response: Report,
  errors: [404, 409],
  rateLimit: 30,
  body: CreateReportBody,
  handler: ({ viewer, body, ctx }) => ctx.services.moderation.report(viewer.id, body),
})
