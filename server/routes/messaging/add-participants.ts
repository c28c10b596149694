import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Conversation } from '../../../protocol/schemas/messaging'
import { ConversationParams, Usernames } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/conversations/:conversation_id/participants',
  operationId: 'addParticipants',
  summary: 'Add people to a group (each one you may message; at most 10 people in all)',
  tags: ['conversations'],
  auth: 'messages:write',
  response: Conversation,
  errors: [409],
  params: ConversationParams,
  body: Type.Object({ usernames: Usernames }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.messaging.conversations.addParticipants(
      viewer,
      params.conversation_id,
      body.usernames,
    ),
})
