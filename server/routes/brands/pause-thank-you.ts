import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { ThankYouRun } from '../../../protocol/schemas/brands'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/promotions/:promotion_id/thank_you/:run_id/pause',
  operationId: 'pauseThankYou',
  summary:
    'Pause a running thank-you run (nothing more is sent until it is resumed); a run not running is answered as it is (business accounts)',
  tags: ['brands'],
  auth: 'ads:write',
  response: ThankYouRun,
  params: Type.Object({ promotion_id: Id, run_id: Id }),
  handler: ({ viewer, params, ctx }) =>
    ctx.services.brands.runs.pause(viewer.id, params.promotion_id, params.run_id),
})
