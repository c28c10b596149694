import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { MessageReport } from '../../../protocol/schemas/messaging'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/messages/:message_id/report',
  operationId: 'reportMessage',
  summary: 'Report a message (once per message)',
  tags: ['conversations'],
  auth: 'messages:write',
  status: 201,
  response: MessageReport,
  errors: [409],
  rateLimit: 30,
  params: Type.Object({ message_id: Id }),
  body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
  // the one reports queue (domain/moderation): the reporter's words are the note
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.moderation.reportMessage(viewer.id, params.message_id, body.reason),
})
