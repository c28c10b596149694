import { Type } from 'typebox'

/**
 * Pinterest API v5's analytics shapes (reference/pinterest-api-v5.openapi.json), as
 * Corkboard answers them: metrics are objects of metric name → number.
 */
export const DataStatus = Type.Union(
  [
    'PROCESSING',
    'READY',
    'ESTIMATE',
    'BEFORE_BUSINESS_CREATED',
    'BEFORE_DATA_RETENTION_PERIOD',
    'BEFORE_PIN_CREATED',
  ].map((s) => Type.Literal(s)),
  {
    description: 'Metrics availability: READY for past days and today, PROCESSING for days to come',
  },
)

const MetricValues = Type.Object(
  {},
  { additionalProperties: Type.Number(), description: 'metric name → value' },
)

export const AnalyticsMetricsResponse = Type.Object(
  {
    daily_metrics: Type.Array(
      Type.Object({ data_status: DataStatus, date: Type.String(), metrics: MetricValues }),
    ),
    summary_metrics: MetricValues,
  },
  { title: 'AnalyticsMetricsResponse' },
)

/** `{ "all": { daily_metrics, summary_metrics } }` (a split names its groups instead of `all`). */
export const AnalyticsResponse = Type.Object(
  {},
  { additionalProperties: AnalyticsMetricsResponse, title: 'AnalyticsResponse' },
)

export const TopPinsAnalyticsResponse = Type.Object(
  {
    date_availability: Type.Object({
      is_realtime: Type.Boolean(),
      latest_available_timestamp: Type.Number(),
    }),
    pins: Type.Array(
      Type.Object({
        data_status: Type.Object({}, { additionalProperties: DataStatus }),
        metrics: MetricValues,
        pin_id: Type.String(),
      }),
    ),
    sort_by: Type.String(),
  },
  { title: 'TopPinsAnalyticsResponse' },
)
