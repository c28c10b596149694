import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Message } from '../../../protocol/schemas/messaging'
import { MessageText } from './schemas'

/** The sender only, within 15 minutes of sending (409 `edit_window_closed`); the same text: no change. */
export default defineEndpoint({
  method: 'PATCH',
  url: '/v5/messages/:message_id',
  operationId: 'editMessage',
  summary: "Edit your message's text (within 15 minutes of sending it)",
  tags: ['conversations'],
  auth: 'messages:write',
  response: Message,
  errors: [409],
  rateLimit: 60,
  params: Type.Object({ message_id: Id }),
  body: Type.Object({ text: Type.Union([MessageText, Type.Null()]) }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.messaging.messages.edit(viewer, params.message_id, body),
})
