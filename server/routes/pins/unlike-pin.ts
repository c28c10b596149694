import { defineEndpoint } from '../../http/endpoint'
import { Pin } from '../../../protocol/schemas/pins'
import { PinParams } from './schemas'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/pins/:pin_id/like',
  operationId: 'unlikePin',
  summary: 'Take back a like (idempotent); answers the pin with its new counts',
  tags: ['pins'],
  auth: 'pins:write',
  response: Pin,
  params: PinParams,
  async handler({ viewer, params, ctx }) {
    return ctx.services.pins.unlike(viewer.id, params.pin_id)
  },
})
