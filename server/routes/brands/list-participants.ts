import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { ParticipantPage } from '../../../protocol/schemas/brands'
import { PromotionParams } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/promotions/:promotion_id/participants',
  operationId: 'listParticipants',
  summary:
    'List who took part in a promotion (first save or send in the window), and whether you may message each now (business accounts)',
  tags: ['brands'],
  auth: 'ads:read',
  response: ParticipantPage,
  params: PromotionParams,
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.brands.participants.list(viewer.id, params.promotion_id, query),
})
