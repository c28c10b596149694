import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { BrandAnalytics } from '../../../protocol/schemas/brands'
import { DateRange } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/brand/analytics',
  operationId: 'getBrandAnalytics',
  summary:
    "Your pins' figures per day and over a range of at most 366 days, as JSON or CSV (business accounts)",
  tags: ['brands'],
  auth: 'ads:read',
  response: BrandAnalytics,
  query: Type.Object({
    ...DateRange,
    pin_id: Type.Optional(Id),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  }),
  async handler({ viewer, query, ctx, reply }) {
    const { format, ...params } = query
    if (format !== 'csv') return ctx.services.analytics.report(viewer.id, params)
    const csv = await ctx.services.analytics.reportCsv(viewer.id, params)
    return reply
      .code(200)
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="analytics-${params.start_date}-${params.end_date}.csv"`,
      )
      .send(csv)
  },
})
