import { defineEndpoint } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { Pin } from '../../../protocol/schemas/pins'
import { ConversationPageRequest } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations/:conversation_id/pins',
  operationId: 'listConversationPins',
  summary: 'Every pin shared in a conversation that you may see, latest share first',
  tags: ['conversations'],
  auth: 'messages:read',
  response: Page(Pin),
  ...ConversationPageRequest,
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.messaging.messages.conversationPins(viewer.id, params.conversation_id, query),
})
