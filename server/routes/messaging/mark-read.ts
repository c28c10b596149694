import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { ReadMarker } from '../../../protocol/schemas/messaging'
import { ConversationParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/conversations/:conversation_id/read',
  operationId: 'markRead',
  summary: 'Move your read marker forward to seq (it never moves back)',
  tags: ['conversations'],
  auth: 'messages:write',
  response: ReadMarker,
  params: ConversationParams,
  body: Type.Object({ seq: Type.Integer({ minimum: 0 }) }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.messaging.conversations.markRead(viewer, params.conversation_id, body.seq),
})
