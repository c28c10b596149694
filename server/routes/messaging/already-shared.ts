import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { AlreadySharedAnswer } from '../../../protocol/schemas/credit'
import { ConversationParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/conversations/:conversation_id/already_shared',
  operationId: 'getAlreadyShared',
  summary:
    'Whether a pin, or another pin with the same picture, was shared in the conversation before (the newest such message you see)',
  tags: ['conversations'],
  auth: 'messages:read',
  params: ConversationParams,
  query: Type.Object({ pin_id: Id }),
  response: AlreadySharedAnswer,
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.messaging.messages.alreadyShared(viewer.id, params.conversation_id, query.pin_id),
})
