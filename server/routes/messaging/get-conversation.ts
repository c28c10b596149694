import { defineEndpoint } from '../../http/endpoint'
import { Conversation } from '../../../protocol/schemas/messaging'
import { ConversationParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations/:conversation_id',
  operationId: 'getConversation',
  summary: 'One of your conversations',
  tags: ['conversations'],
  auth: 'messages:read',
  response: Conversation,
  params: ConversationParams,
  handler: ({ viewer, params, ctx }) =>
    ctx.services.messaging.conversations.getConversation(viewer.id, params.conversation_id),
})
