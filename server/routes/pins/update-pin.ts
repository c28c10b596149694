import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Pin } from '../../../protocol/schemas/pins'
import { NullableId, PinFields, PinParams } from './schemas'

export default defineEndpoint({
  method: 'PATCH',
  url: '/v5/pins/:pin_id',
  operationId: 'updatePin',
  summary: 'Edit your pin, or move it to another of your boards or sections',
  tags: ['pins'],
  auth: 'pins:write',
  response: Pin,
  params: PinParams,
  body: Type.Object({
    ...PinFields,
    board_id: Type.Optional(Id),
    board_section_id: Type.Optional(NullableId),
  }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.pins.update(viewer.id, params.pin_id, body),
})
