import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Page } from '../../../protocol/schemas/common'
import { Conversation } from '../../../protocol/schemas/messaging'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations',
  operationId: 'listConversations',
  summary: 'The inbox: your conversations, newest activity first, with unread counts',
  tags: ['conversations'],
  auth: 'messages:read',
  response: Page(Conversation),
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.messaging.conversations.inbox(viewer.id, query),
})
