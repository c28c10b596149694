import { defineEndpoint } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { Message } from '../../../protocol/schemas/messaging'
import { ConversationPageRequest } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations/:conversation_id/messages',
  operationId: 'listMessages',
  summary: "A conversation's messages, newest first",
  tags: ['conversations'],
  auth: 'messages:read',
  response: Page(Message),
  ...ConversationPageRequest,
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.messaging.messages.listMessages(viewer.id, params.conversation_id, query),
})
