import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Message } from '../../../protocol/schemas/messaging'
import { Emoji } from './schemas'

/** Idempotent: a reaction already there answers the message and changes nothing. */
export default defineEndpoint({
  method: 'POST',
  url: '/v5/messages/:message_id/reactions',
  operationId: 'reactToMessage',
  summary: 'React to a message with an emoji (one reaction per emoji per person)',
  tags: ['conversations'],
  auth: 'messages:write',
  response: Message,
  errors: [409],
  rateLimit: 120,
  params: Type.Object({ message_id: Id }),
  body: Type.Object({ emoji: Emoji }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.messaging.messages.react(viewer, params.message_id, body.emoji),
})
