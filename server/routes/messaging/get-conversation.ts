import { defineEndpoint } from '../../http/endpoint'
import { ConversationParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations/:conversation_id',
  summary: 'One of your conversations',
  tags: ['conversations'],
  auth: 'messages:read',
  params: ConversationParams,
  handler: ({ viewer, params, ctx }) =>
    ctx.services.messaging.getConversation(viewer.id, params.conversation_id),
})
