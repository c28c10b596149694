import type { Endpoint } from '../../http/endpoint'
import createPromotion from './create-promotion'
import getPromotion from './get-promotion'
import getThankYou from './get-thank-you'
import listInfluencers from './list-influencers'
import listParticipants from './list-participants'
import listPromotions from './list-promotions'
import pauseThankYou from './pause-thank-you'
import resumeThankYou from './resume-thank-you'
import startThankYou from './start-thank-you'

export const brandsEndpoints: Endpoint[] = [
  createPromotion,
  listPromotions,
  getPromotion,
  listParticipants,
  listInfluencers,
  startThankYou,
  getThankYou,
  pauseThankYou,
  resumeThankYou,
]
