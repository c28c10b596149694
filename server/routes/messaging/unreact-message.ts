import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Message } from '../../../protocol/schemas/messaging'
import { Emoji } from './schemas'

/** Idempotent: no such reaction answers the message and changes nothing. */
export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/messages/:message_id/reactions/:emoji',
  operationId: 'unreactToMessage',
  summary: 'Take back your reaction with this emoji',
  tags: ['conversations'],
  auth: 'messages:write',
  response: Message,
  rateLimit: 120,
  params: Type.Object({ message_id: Id, emoji: Emoji }),
  handler: ({ viewer, params, ctx }) =>
    ctx.services.messaging.messages.unreact(viewer, params.message_id, params.emoji),
})
