import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Pin } from '../../../protocol/schemas/pins'
import { MediaSource, NullableId, PinFields, UPLOAD_BODY_LIMIT } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/pins',
  operationId: 'createPin',
  summary: 'Create a pin on one of your boards, from an uploaded image or an image URL',
  tags: ['pins'],
  auth: 'pins:write',
  status: 201,
  response: Pin,
  errors: [404],
  rateLimit: 120,
  bodyLimit: UPLOAD_BODY_LIMIT,
  body: Type.Object({
    board_id: Id,
    board_section_id: Type.Optional(NullableId),
    ...PinFields,
    media_source: MediaSource,
  }),
  handler: ({ viewer, body, ctx }) => ctx.services.pins.create(viewer.id, body),
})
