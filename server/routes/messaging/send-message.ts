import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Message } from '../../../protocol/schemas/messaging'
import { AttachmentRef, ClientMessageId, ConversationParams, MessageText } from './schemas'

/** 201 with the new message; the same client_message_id again → 200 with the original. */
export default defineEndpoint({
  method: 'POST',
  url: '/v5/conversations/:conversation_id/messages',
  operationId: 'sendMessage',
  summary: 'Send a message (text and/or a pin, board or profile), idempotent by client_message_id',
  tags: ['conversations'],
  auth: 'messages:write',
  status: 201,
  response: Message,
  alsoStatus: [200],
  errors: [409],
  params: ConversationParams,
  body: Type.Object({
    client_message_id: ClientMessageId,
    text: Type.Optional(Type.Union([MessageText, Type.Null()])),
    attachment: Type.Optional(Type.Union([AttachmentRef, Type.Null()])),
    /** the message this one replies to (of this conversation, visible to the sender) */
    reply_to_message_id: Type.Optional(Type.Union([Id, Type.Null()])),
  }),
  async handler({ viewer, params, body, ctx, reply }) {
    const { message, created } = await ctx.services.messaging.messages.sendMessage(
      viewer,
      params.conversation_id,
      body,
    )
    return reply.code(created ? 201 : 200).send(message)
  },
})
