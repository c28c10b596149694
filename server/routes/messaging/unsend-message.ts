import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Message } from '../../../protocol/schemas/messaging'

/** The sender only, any time; its text and attachment are erased. Twice: the same answer. */
export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/messages/:message_id',
  operationId: 'unsendMessage',
  summary: 'Unsend your message: removed for everyone ("Message removed")',
  tags: ['conversations'],
  auth: 'messages:write',
  response: Message,
  rateLimit: 60,
  params: Type.Object({ message_id: Id }),
  handler: ({ viewer, params, ctx }) =>
    ctx.services.messaging.messages.unsend(viewer, params.message_id),
})
