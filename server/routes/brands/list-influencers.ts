import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { InfluencerPage } from '../../../protocol/schemas/brands'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/brand/influencers',
  operationId: 'listInfluencers',
  summary:
    'List your followers ranked by what they did with your pins through messages (business accounts)',
  tags: ['brands'],
  auth: 'ads:read',
  response: InfluencerPage,
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.brands.influencers.list(viewer.id, query),
})
