import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Pin } from '../../../protocol/schemas/pins'
import { PinParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/pins/:pin_id/like',
  operationId: 'likePin',
  summary: 'Like a pin (idempotent); answers the pin with its new counts',
  tags: ['pins'],
  auth: 'pins:write',
  response: Pin,
  params: PinParams,
  // In the query, not a body: clients like without sending one, and a body schema would demand it.
  query: Type.Object({ message_id: Type.Optional(Id) }),
  async handler({ viewer, params, query, ctx }) {
    return ctx.services.pins.like(viewer.id, params.pin_id, { viaMessageId: query.message_id })
  },
})
