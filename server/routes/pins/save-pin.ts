import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { Pin } from '../../../protocol/schemas/pins'
import { NullableId, PinParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/pins/:pin_id/save',
  operationId: 'savePin',
  summary: 'Save (repin) a pin to one of your boards (200: the board already holds it)',
  tags: ['pins'],
  auth: 'pins:write',
  status: 201,
  response: Pin,
  alsoStatus: [200],
  params: PinParams,
  body: Type.Object({
    board_id: Id,
    board_section_id: Type.Optional(NullableId),
    /** the message whose card this save was made from (brand analytics count these) */
    message_id: Type.Optional(Id),
  }),
  async handler({ viewer, params, body, ctx, reply }) {
    const { pin, created } = await ctx.services.pins.save(viewer.id, params.pin_id, body, {
      viaMessageId: body.message_id,
    })
    return reply.code(created ? 201 : 200).send(pin)
  },
})
