import type { GraphService } from '../graph/service'
import type { Units } from '../unit'
import { createInfluencers } from './influencers'
import { createParticipants } from './participants'
import { createPromotions } from './promotions'

export { requireBusiness } from './access'
export { eligibility, type Eligibility } from './eligibility'
export { participantsOf, type ParticipantAct } from './participants'
export { getOwnPromotion, getOwnPin, type PromotionRow } from './promotions'

export interface BrandsDeps {
  units: Units
  graph: Pick<GraphService, 'toSummary'>
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
  }
}

export type BrandsService = ReturnType<typeof createBrandsService>
