/** Wire shapes of first sign-in: topics, suggested people and boards, the finish. */
import type { Static } from 'typebox'
// type-only: the web app's bundle gets the types, never TypeBox or the schemas themselves
import type {
  OnboardingResult as OnboardingResultSchema,
  OnboardingStatus as OnboardingStatusSchema,
  OnboardingSuggestions as OnboardingSuggestionsSchema,
  SuggestedBoard as SuggestedBoardSchema,
  SuggestedUser as SuggestedUserSchema,
  Topic as TopicSchema,
} from './schemas/onboarding'

export type OnboardingStatus = Static<typeof OnboardingStatusSchema>
export type Topic = Static<typeof TopicSchema>
export type SuggestedUser = Static<typeof SuggestedUserSchema>
export type SuggestedBoard = Static<typeof SuggestedBoardSchema>
export type OnboardingSuggestions = Static<typeof OnboardingSuggestionsSchema>
export type OnboardingResult = Static<typeof OnboardingResultSchema>

/** What `POST /v5/onboarding/complete` takes: ids to follow; nothing at all skips. */
export interface OnboardingChoices {
  user_ids?: string[]
  board_ids?: string[]
}

/** How many topics one suggestions request may name. */
export const MAX_ONBOARDING_TOPICS = 10
