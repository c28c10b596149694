import type { Endpoint } from '../../http/endpoint'
import completeOnboarding from './complete-onboarding'
import getOnboarding from './get-onboarding'
import getOnboardingSuggestions from './get-onboarding-suggestions'
import listOnboardingTopics from './list-onboarding-topics'

export const onboardingEndpoints: Endpoint[] = [
  getOnboarding,
  listOnboardingTopics,
  getOnboardingSuggestions,
  completeOnboarding,
]
