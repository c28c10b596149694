import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { DateOnly, Promotion, PromotionCounts } from '../../../protocol/schemas/brands'
import { PROMOTION_NAME_MAX } from '../../domain/brands/promotions'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/promotions',
  operationId: 'createPromotion',
  summary:
    'Start a promotion of one of your pins: a window of UTC dates and what counts as taking part (business accounts)',
  tags: ['brands'],
  auth: 'ads:write',
  status: 201,
  response: Promotion,
  errors: [404],
  rateLimit: 60,
  body: Type.Object({
    pin_id: Id,
    name: Type.String({ minLength: 1, maxLength: PROMOTION_NAME_MAX * 4 }),
    start_date: DateOnly,
    end_date: DateOnly,
    counts: PromotionCounts,
  }),
  handler: ({ viewer, body, ctx }) => ctx.services.brands.promotions.create(viewer.id, body),
})
