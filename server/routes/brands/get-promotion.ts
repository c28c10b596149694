import { defineEndpoint } from '../../http/endpoint'
import { Promotion } from '../../../protocol/schemas/brands'
import { PromotionParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/promotions/:promotion_id',
  operationId: 'getPromotion',
  summary: 'Get one of your promotions (business accounts)',
  tags: ['brands'],
  auth: 'ads:read',
  response: Promotion,
  params: PromotionParams,
  handler: ({ viewer, params, ctx }) =>
    ctx.services.brands.promotions.get(viewer.id, params.promotion_id),
})
