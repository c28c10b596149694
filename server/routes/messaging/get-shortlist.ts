import { defineEndpoint } from '../../http/endpoint'
import { Shortlist } from '../../../protocol/schemas/decide'
import { ConversationParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations/:conversation_id/shortlist',
  operationId: 'getShortlist',
  summary: "A group's voted pins that you may see, most votes first (ties: the newest vote)",
  tags: ['conversations'],
  auth: 'messages:read',
  response: Shortlist,
  errors: [409],
  params: ConversationParams,
  handler: ({ viewer, params, ctx }) =>
    ctx.services.decide.shortlist(viewer.id, params.conversation_id),
})
