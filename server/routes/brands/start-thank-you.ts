import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { ThankYouRun } from '../../../protocol/schemas/brands'
import { TEMPLATE_MAX } from '../../domain/brands/run-view'

/** 202 with the new run; the same client_run_id again → 200 with that run. */
export default defineEndpoint({
  method: 'POST',
  url: '/v5/promotions/:promotion_id/thank_you',
  operationId: 'startThankYou',
  summary:
    'Thank each participant who may be messaged with an individual 1:1 message from a template ({name}, {username}), at the brand’s pace; idempotent by client_run_id (business accounts)',
  tags: ['brands'],
  auth: 'ads:write',
  status: 202,
  alsoStatus: [200],
  response: ThankYouRun,
  rateLimit: 30,
  params: Type.Object({ promotion_id: Id }),
  body: Type.Object({
    /** trimmed and checked against 1,000 characters by the domain */
    template: Type.String({ minLength: 1, maxLength: TEMPLATE_MAX * 4 }),
    attachment: Type.Optional(
      Type.Union([
        Type.Object({ type: Type.Union([Type.Literal('pin'), Type.Literal('board')]), id: Id }),
        Type.Null(),
      ]),
    ),
    client_run_id: Type.String({ minLength: 1, maxLength: 64 }),
  }),
  async handler({ viewer, params, body, ctx, reply }) {
    const { run, created } = await ctx.services.brands.runs.start(
      viewer.id,
      params.promotion_id,
      body,
    )
    return reply.code(created ? 202 : 200).send(run)
  },
})
