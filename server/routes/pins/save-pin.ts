import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { NullableId, PinParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/pins/:pin_id/save',
  summary: 'Save (repin) a pin to one of your boards',
  tags: ['pins'],
  auth: 'pins:write',
  status: 201,
  params: PinParams,
  body: Type.Object({ board_id: Id, board_section_id: Type.Optional(NullableId) }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.pins.save(viewer.id, params.pin_id, body),
})
