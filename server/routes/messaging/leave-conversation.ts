import { defineEndpoint } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'
import { ConversationParams } from './schemas'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/conversations/:conversation_id/participants/me',
  operationId: 'leaveConversation',
  summary: 'Leave a conversation (a 1:1 comes back with the next message in it)',
  tags: ['conversations'],
  auth: 'messages:write',
  status: 204,
  response: NoBody,
  params: ConversationParams,
  handler: ({ viewer, params, ctx }) =>
    ctx.services.messaging.conversations.leave(viewer.id, params.conversation_id),
})
