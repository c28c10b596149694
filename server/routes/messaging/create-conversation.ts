import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Conversation } from '../../../protocol/schemas/messaging'
import { Title, Usernames } from './schemas'

/** 201 with a new conversation; 200 with the existing 1:1 between the same two people. */
export default defineEndpoint({
  method: 'POST',
  url: '/v5/conversations',
  operationId: 'createConversation',
  summary: 'Start a 1:1 or a group conversation (a 1:1 that exists already is answered as is)',
  tags: ['conversations'],
  auth: 'messages:write',
  status: 201,
  response: Conversation,
  alsoStatus: [200],
  errors: [404, 409],
  body: Type.Object({ participants: Usernames, title: Type.Optional(Title) }),
  async handler({ viewer, body, ctx, reply }) {
    const { conversation, created } = await ctx.services.messaging.conversations.createConversation(
      viewer,
      body.participants,
      body.title,
    )
    return reply.code(created ? 201 : 200).send(conversation)
  },
})
