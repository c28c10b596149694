import { Type } from 'typebox'
import { DateOnly } from '../../../protocol/schemas/brands'

const oneOf = (values: readonly string[], description: string) =>
  Type.Optional(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      { description },
    ),
  )

/** The date range every analytics operation takes (UTC dates, both included). */
export const DateRange = {
  start_date: DateOnly,
  end_date: DateOnly,
}

/** Pinterest's optional filters, with its enums (see domain/analytics/pinterest.ts). */
export const PinterestFilters = {
  from_claimed_content: oneOf(['OTHER', 'CLAIMED', 'BOTH'], 'Corkboard has no claimed domains'),
  pin_format: oneOf(
    [
      'ALL',
      'ORGANIC_IMAGE',
      'ORGANIC_PRODUCT',
      'ORGANIC_VIDEO',
      'ADS_STANDARD',
      'ADS_PRODUCT',
      'ADS_VIDEO',
      'ADS_IDEA',
    ],
    'every Corkboard pin is ORGANIC_IMAGE',
  ),
  app_types: oneOf(['ALL', 'MOBILE', 'TABLET', 'WEB'], 'not recorded: every app is counted'),
  content_type: oneOf(['ALL', 'PAID', 'ORGANIC'], 'everything on Corkboard is organic'),
  source: oneOf(['ALL', 'YOUR_PINS', 'OTHER_PINS'], 'counted on your own pins'),
  ad_account_id: Type.Optional(Type.String({ maxLength: 18, pattern: '^\\d+$' })),
  metric_types: Type.Optional(
    Type.String({ maxLength: 400, description: 'comma-separated metric types; default all' }),
  ),
}

export const AccountSplit = oneOf(
  ['NO_SPLIT', 'APP_TYPE', 'OWNED_CONTENT', 'SOURCE', 'PIN_FORMAT'],
  'accepted; answered unsplit, under "all"',
)
