import type {
  OnboardingChoices,
  OnboardingResult,
  OnboardingSuggestions,
  Topic,
} from '../../../protocol/onboarding'
import { api, withQuery } from '../../lib/api'

export type {
  OnboardingStatus,
  SuggestedBoard,
  SuggestedUser,
  Topic,
} from '../../../protocol/onboarding'

export const ONBOARDING_STATUS_PATH = '/v5/onboarding'
export const TOPICS_PATH = '/v5/onboarding/topics'

export const suggestionsPath = (topics: Topic[]) =>
  withQuery('/v5/onboarding/suggestions', { topics: topics.map((t) => t.id).join(',') })

export type Suggestions = OnboardingSuggestions

/** Follows what was chosen and marks first sign-in done; nothing chosen skips it. */
export const completeOnboarding = (choices: OnboardingChoices) =>
  api<OnboardingResult>('/v5/onboarding/complete', { method: 'POST', body: choices })

// Once done, first sign-in is never offered again: this browser remembers it, so the home
// feed does not ask the server each time.
const storageKey = (userId: string) => `corkboard:onboarded:${userId}`

export function knownOnboarded(userId: string): boolean {
  try {
    return localStorage.getItem(storageKey(userId)) === '1'
  } catch {
    return false
  }
}

export function rememberOnboarded(userId: string): void {
  try {
    localStorage.setItem(storageKey(userId), '1')
  } catch {
    // storage refused (private mode): the server is asked next time instead
  }
}
