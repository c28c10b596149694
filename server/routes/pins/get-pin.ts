import { defineEndpoint } from '../../http/endpoint'
import { Pin } from '../../../protocol/schemas/pins'
import { PinParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/pins/:pin_id',
  operationId: 'getPin',
  summary: 'Get a pin',
  tags: ['pins'],
  auth: 'optional',
  scope: 'pins:read',
  response: Pin,
  params: PinParams,
  handler: ({ viewer, params, ctx }) => ctx.services.pins.get(params.pin_id, viewer?.id ?? null),
})
