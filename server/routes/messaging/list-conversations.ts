import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations',
  summary: 'The inbox: your conversations, newest activity first, with unread counts',
  tags: ['conversations'],
  auth: 'messages:read',
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.messaging.inbox(viewer.id, query),
})
