/** Wire shapes of Brands: promotions, participants, thank-you runs, influencers, analytics. */
import type { Static } from 'typebox'
// type-only: the web app's bundle gets the types, never TypeBox or the schemas themselves
import type {
  BrandAnalytics as BrandAnalyticsSchema,
  Influencer as InfluencerSchema,
  MessageRefusalReason as MessageRefusalReasonSchema,
  Participant as ParticipantSchema,
  Promotion as PromotionSchema,
  PromotionCounts as PromotionCountsSchema,
  ThankYouRun as ThankYouRunSchema,
} from './schemas/brands'

export type Promotion = Static<typeof PromotionSchema>
/** What counts as taking part: saving the pin, sending it in a message, or either. */
export type PromotionCounts = Static<typeof PromotionCountsSchema>
/** Why a brand may not message someone now. */
export type MessageRefusalReason = Static<typeof MessageRefusalReasonSchema>
export type Participant = Static<typeof ParticipantSchema>
export type ThankYouRun = Static<typeof ThankYouRunSchema>
/** Why a run skipped someone: a messaging rule, or they were thanked for this promotion before. */
export type SkipReason = keyof ThankYouRun['skipped']
export type Influencer = Static<typeof InfluencerSchema>
export type BrandAnalytics = Static<typeof BrandAnalyticsSchema>
export type BrandAnalyticsDay = BrandAnalytics['daily'][number]
/** The counted metrics of a day (every field of a daily row but its date). */
export type BrandMetric = Exclude<keyof BrandAnalyticsDay, 'date'>

export interface PromotionInput {
  pin_id: string
  name: string
  start_date: string
  end_date: string
  counts: PromotionCounts
}

export interface ThankYouInput {
  template: string
  attachment?: { type: 'pin' | 'board'; id: string }
  client_run_id: string
}
