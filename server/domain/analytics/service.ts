import type { Db } from '../../db/database'
import { createPinterestAnalytics } from './pinterest'
import { createBrandReport, reportCsv, type ReportParams } from './report'

/**
 * Analytics as the API reads them: the brand report (JSON or CSV) and Pinterest's own
 * operations. What they read is written by the recorder (recorder.ts).
 */
export function createAnalyticsService(deps: { db: Db; now?: () => number }) {
  const brand = createBrandReport(deps)
  const pinterest = createPinterestAnalytics({ ...deps, ownPinId: brand.ownPinId })
  return {
    report: brand.report,
    async reportCsv(viewerId: number, params: ReportParams): Promise<string> {
      return reportCsv(await brand.report(viewerId, params))
    },
    pinterest,
  }
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>
