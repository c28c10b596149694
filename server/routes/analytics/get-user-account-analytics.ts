import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { AnalyticsResponse } from '../../../protocol/schemas/analytics'
import { AccountSplit, DateRange, PinterestFilters } from './schemas'

/** Pinterest API v5 `user_account/analytics`, with its parameters and answer. */
export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/analytics',
  operationId: 'getUserAccountAnalytics',
  summary: "Get user account analytics (Pinterest's user_account/analytics; business accounts)",
  tags: ['user_account'],
  auth: 'user_accounts:read',
  response: AnalyticsResponse,
  query: Type.Object({ ...DateRange, ...PinterestFilters, split_field: AccountSplit }),
  handler: ({ viewer, query, ctx }) => ctx.services.analytics.pinterest.account(viewer.id, query),
})
