import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Conversation } from '../../../protocol/schemas/messaging'
import { ConversationParams, Title } from './schemas'

export default defineEndpoint({
  method: 'PATCH',
  url: '/v5/conversations/:conversation_id',
  operationId: 'updateConversation',
  summary: 'Rename a group (any member) or mute / unmute a conversation for yourself',
  tags: ['conversations'],
  auth: 'messages:write',
  response: Conversation,
  params: ConversationParams,
  body: Type.Object({ title: Type.Optional(Title), muted: Type.Optional(Type.Boolean()) }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.messaging.conversations.update(viewer.id, params.conversation_id, body),
})
