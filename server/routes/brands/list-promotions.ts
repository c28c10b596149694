import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { PromotionPage } from '../../../protocol/schemas/brands'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/promotions',
  operationId: 'listPromotions',
  summary: 'List your promotions, newest first (business accounts)',
  tags: ['brands'],
  auth: 'ads:read',
  response: PromotionPage,
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.brands.promotions.list(viewer.id, query),
})
