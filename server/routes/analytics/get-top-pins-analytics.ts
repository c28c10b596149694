import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { TopPinsAnalyticsResponse } from '../../../protocol/schemas/analytics'
import { SORT_BY } from '../../domain/analytics/pinterest'
import { DateRange, PinterestFilters } from './schemas'

/** Pinterest API v5 `user_account/analytics/top_pins`, with its parameters and answer. */
export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/analytics/top_pins',
  operationId: 'getTopPinsAnalytics',
  summary:
    "Get user account top pins analytics (Pinterest's user_account/analytics/top_pins; business accounts)",
  tags: ['user_account'],
  auth: 'user_accounts:read',
  response: TopPinsAnalyticsResponse,
  query: Type.Object({
    ...DateRange,
    ...PinterestFilters,
    sort_by: Type.Union(SORT_BY.map((s) => Type.Literal(s))),
    num_of_pins: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
    created_in_last_n_days: Type.Optional(Type.Literal(30)),
  }),
  handler: ({ viewer, query, ctx }) => ctx.services.analytics.pinterest.topPins(viewer.id, query),
})
