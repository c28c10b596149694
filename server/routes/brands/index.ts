import type { Endpoint } from '../../http/endpoint'
import createPromotion from './create-promotion'
import getPromotion from './get-promotion'
import listInfluencers from './list-influencers'
import listParticipants from './list-participants'
import listPromotions from './list-promotions'

export const brandsEndpoints: Endpoint[] = [
  createPromotion,
  listPromotions,
  getPromotion,
  listParticipants,
  listInfluencers,
]
