import { defineEndpoint } from '../../http/endpoint'
import { UnreadCount } from '../../../protocol/schemas/messaging'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations/unread_count',
  operationId: 'unreadCount',
  summary: 'Unread messages over your conversations that are not muted (the header badge)',
  tags: ['conversations'],
  auth: 'messages:read',
  response: UnreadCount,
  handler: ({ viewer, ctx }) => ctx.services.messaging.conversations.unreadTotal(viewer.id),
})
