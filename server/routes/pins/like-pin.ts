import { defineEndpoint } from '../../http/endpoint'
import { PinParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/pins/:pin_id/like',
  summary: 'Like a pin (idempotent); answers the pin with its new counts',
  tags: ['pins'],
  auth: 'pins:write',
  params: PinParams,
  handler: ({ viewer, params, ctx }) => ctx.services.pins.like(viewer.id, params.pin_id),
})
