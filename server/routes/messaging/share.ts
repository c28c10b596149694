import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { ShareResult } from '../../../protocol/schemas/messaging'
import { AttachmentRef, ClientMessageId, MessageText } from './schemas'

/**
 * Send a Pin, board or profile: to one person into your 1:1; to several, one group
 * (`as_group`) or one 1:1 each — then people you may not message are listed in `refused`.
 * 201 when anything was sent; a retried share (same client_message_id) → 200, nothing twice.
 */
export default defineEndpoint({
  method: 'POST',
  url: '/v5/share',
  operationId: 'share',
  summary: 'Send a pin, board or profile to up to 9 people',
  tags: ['conversations'],
  auth: 'messages:write',
  status: 201,
  response: ShareResult,
  alsoStatus: [200],
  errors: [404, 409],
  body: Type.Object({
    recipients: Type.Array(
      Type.Union([
        Type.Object({ username: Username }),
        Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) }),
      ]),
      { minItems: 1, maxItems: 20 },
    ),
    attachment: AttachmentRef,
    text: Type.Optional(Type.Union([MessageText, Type.Null()])),
    as_group: Type.Optional(Type.Boolean()),
    client_message_id: ClientMessageId,
    from_message_id: Type.Optional(Id),
  }),
  async handler({ viewer, body, ctx, reply }) {
    const { result, created } = await ctx.services.messaging.sharing.share(viewer, body)
    return reply.code(created ? 201 : 200).send(result)
  },
})
