import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { AnalyticsResponse } from '../../../protocol/schemas/analytics'
import { PinParams } from '../pins/schemas'
import { DateRange, PinterestFilters } from './schemas'

/** Pinterest API v5 `pins/analytics`, with its parameters and answer. */
export default defineEndpoint({
  method: 'GET',
  url: '/v5/pins/:pin_id/analytics',
  operationId: 'getPinAnalytics',
  summary: "Get Pin analytics (Pinterest's pins/analytics; your own pins, business accounts)",
  tags: ['pins'],
  auth: 'pins:read',
  response: AnalyticsResponse,
  params: PinParams,
  query: Type.Object({
    ...DateRange,
    app_types: PinterestFilters.app_types,
    ad_account_id: PinterestFilters.ad_account_id,
    metric_types: Type.String({
      maxLength: 400,
      description: 'comma-separated metric types (required, as in Pinterest)',
    }),
    split_field: Type.Optional(
      Type.Union([Type.Literal('NO_SPLIT'), Type.Literal('APP_TYPE')], {
        description: 'accepted; answered unsplit, under "all"',
      }),
    ),
  }),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.analytics.pinterest.pin(viewer.id, params.pin_id, query),
})
