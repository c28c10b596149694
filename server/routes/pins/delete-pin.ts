import { defineEndpoint } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'
import { PinParams } from './schemas'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/pins/:pin_id',
  operationId: 'deletePin',
  summary: 'Delete your pin',
  tags: ['pins'],
  auth: 'pins:write',
  status: 204,
  response: NoBody,
  params: PinParams,
  async handler({ viewer, params, ctx }) {
    await ctx.services.pins.delete(viewer.id, params.pin_id)
  },
})
