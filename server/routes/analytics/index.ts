import type { Endpoint } from '../../http/endpoint'
import getBrandAnalytics from './get-brand-analytics'
import getPinAnalytics from './get-pin-analytics'
import getTopPinsAnalytics from './get-top-pins-analytics'
import getUserAccountAnalytics from './get-user-account-analytics'

export const analyticsEndpoints: Endpoint[] = [
  getBrandAnalytics,
  getUserAccountAnalytics,
  getTopPinsAnalytics,
  getPinAnalytics,
]
