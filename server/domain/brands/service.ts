import type { Jobs } from '../../jobs/runner'
import type { GraphService } from '../graph/service'
import type { MessagingService } from '../messaging/service'
import type { Units } from '../unit'
import { createInfluencers } from './influencers'
import { createParticipants } from './participants'
import { createPromotions } from './promotions'
import { createThankYouRuns } from './thank-you'

export { requireBusiness } from './access'
export { eligibility, type Eligibility } from './eligibility'
export { participantsOf, type ParticipantAct } from './participants'
export { getOwnPromotion, getOwnPin, type PromotionRow } from './promotions'

export interface BrandsDeps {
  units: Units
  graph: Pick<GraphService, 'toSummary'>
  /** thank-you runs: their messages go through Messages, their steps through the jobs table */
  messaging: Pick<MessagingService, 'thankYou'>
  jobs: Pick<Jobs, 'enqueue' | 'register'>
  /** a brand's thank-yous go at most one per this many ms */
  thankYouIntervalMs: number
}

/**
 * What business accounts have (issue 13): promotions of their own pins, who took part and
 * whether the brand may message each now, and their followers ranked by influence. Every
 * method first checks the caller is a business (403 `not_business`).
 */
export function createBrandsService(deps: BrandsDeps) {
  return {
    promotions: createPromotions(deps),
    participants: createParticipants(deps),
    influencers: createInfluencers(deps),
    runs: createThankYouRuns({ ...deps, intervalMs: deps.thankYouIntervalMs }),
  }
}

export type BrandsService = ReturnType<typeof createBrandsService>
