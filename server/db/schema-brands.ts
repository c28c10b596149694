import type { Generated } from 'kysely'

/** The tables of brands and analytics (migration 010), part of `Database` in schema.ts. */
/** A brand's promotion of one of its pins (see domain/brands); dates are UTC, inclusive. */
export interface PromotionTable {
  id: Generated<number>
  brand_id: number
  pin_id: number
  name: string
  start_date: string
  end_date: string
  counts: 'save' | 'send' | 'either'
  created_at: string
}

/** A thank-you run: a template sent 1:1 to each participant who may be messaged. */
export interface PromotionRunTable {
  id: Generated<number>
  promotion_id: number
  brand_id: number
  client_run_id: string
  template: string
  attachment_type: 'pin' | 'board' | null
  attachment_id: number | null
  status: 'running' | 'paused' | 'done'
  /** the step its job chain is at: a job carrying another step is stale */
  step: Generated<number>
  total: Generated<number>
  sent: Generated<number>
  skipped_not_mutual: Generated<number>
  skipped_blocked: Generated<number>
  skipped_policy_nobody: Generated<number>
  skipped_already_thanked: Generated<number>
  created_at: string
  updated_at: string
  finished_at: string | null
}

export type RunOutcome = 'sent' | 'not_mutual' | 'blocked' | 'policy_nobody' | 'already_thanked'

/** A participant a run set out to thank (taken when it starts); outcome null while pending. */
export interface PromotionRunItemTable {
  run_id: number
  user_id: number
  outcome: RunOutcome | null
  message_id: number | null
  done_at: string | null
}

/** Who has been thanked for a promotion: one row per person, whatever the runs. */
export interface PromotionThankTable {
  promotion_id: number
  user_id: number
  brand_id: number
  run_id: number
  message_id: number | null
  thanked_at: string
}

/** Analytics of a pin on one UTC day (YYYY-MM-DD), counted as events happen. */
export interface AnalyticsPinDayTable {
  pin_id: number
  owner_id: number
  day: string
  impressions: Generated<number>
  closeups: Generated<number>
  saves: Generated<number>
  source_clicks: Generated<number>
  message_sends: Generated<number>
  saves_via_message: Generated<number>
  clicks_via_message: Generated<number>
  invites_sent: Generated<number>
  invites_accepted: Generated<number>
}

/** A conversation a pin was sent in on a day (distinct conversations per day and range). */
export interface AnalyticsPinConversationTable {
  pin_id: number
  owner_id: number
  day: string
  conversation_id: number
}

/** A member who invited someone with a pin on a day (the viral factor's denominator). */
export interface AnalyticsPinInviterTable {
  pin_id: number
  owner_id: number
  day: string
  user_id: number
}

/** What a person did for a brand through messages they sent (see GET /v5/brand/influencers). */
export interface BrandInfluenceTable {
  brand_id: number
  user_id: number
  sends: Generated<number>
  saves_via_message: Generated<number>
  clicks_via_message: Generated<number>
  invites_accepted: Generated<number>
}

/** The per-owner roll-up of analytics_pin_days (migration 011), kept by the same flush. */
export type AnalyticsOwnerDayTable = Omit<AnalyticsPinDayTable, 'pin_id'>
