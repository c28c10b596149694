import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { PinVotes } from '../../../protocol/schemas/decide'

export default defineEndpoint({
  method: 'PUT',
  url: '/v5/conversations/:conversation_id/pins/:pin_id/vote',
  operationId: 'votePin',
  summary: 'Vote for a pin shared in a group (value 1), or take the vote back (0); idempotent',
  tags: ['conversations'],
  auth: 'messages:write',
  response: PinVotes,
  errors: [409],
  rateLimit: 240,
  params: Type.Object({ conversation_id: Id, pin_id: Id }),
  body: Type.Object({ value: Type.Union([Type.Literal(0), Type.Literal(1)]) }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.decide.vote(viewer.id, params.conversation_id, params.pin_id, body.value),
})
