import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { ThankYouRun } from '../../../protocol/schemas/brands'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/promotions/:promotion_id/thank_you',
  operationId: 'getThankYou',
  summary:
    'The latest thank-you run of a promotion and its progress; 404 when none (business accounts)',
  tags: ['brands'],
  auth: 'ads:read',
  response: ThankYouRun,
  params: Type.Object({ promotion_id: Id }),
  handler: ({ viewer, params, ctx }) =>
    ctx.services.brands.runs.latest(viewer.id, params.promotion_id),
})
