import { Type } from 'typebox'
import { UserSummary } from './accounts'
import { Id, Nullable, Page, Time } from './common'

/** A UTC calendar date, YYYY-MM-DD. */
export const DateOnly = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  description: 'a UTC date, YYYY-MM-DD',
})

/** What counts as taking part in a promotion. */
export const PromotionCounts = Type.Union([
  Type.Literal('save'),
  Type.Literal('send'),
  Type.Literal('either'),
])

export const Promotion = Type.Object(
  {
    id: Id,
    pin_id: Id,
    name: Type.String(),
    start_date: DateOnly,
    end_date: DateOnly,
    counts: PromotionCounts,
    created_at: Time,
  },
  { title: 'Promotion' },
)

export const PromotionPage = Page(Promotion, 'PromotionPage')

/** Why a brand may not message someone now (the messaging rules, as for anyone). */
export const MessageRefusalReason = Type.Union([
  Type.Literal('not_mutual'),
  Type.Literal('blocked'),
  Type.Literal('policy_nobody'),
])

/** One person who took part, from what really happened (their first save or send in the window). */
export const Participant = Type.Object(
  {
    user: UserSummary,
    took_part_at: Time,
    how: Type.Union([Type.Literal('save'), Type.Literal('send')]),
    can_message: Type.Boolean(),
    reason: Nullable(MessageRefusalReason),
    /** they follow the brand and the brand does not follow them (a follow-back would let it) */
    follows_brand: Type.Boolean(),
    thanked_at: Nullable(Time),
  },
  { title: 'Participant' },
)

export const ParticipantPage = Page(Participant, 'ParticipantPage')

/** A thank-you run's progress. */
export const ThankYouRun = Type.Object(
  {
    id: Id,
    promotion_id: Id,
    status: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('done')]),
    sent: Type.Integer(),
    skipped: Type.Object({
      not_mutual: Type.Integer(),
      blocked: Type.Integer(),
      policy_nobody: Type.Integer(),
      already_thanked: Type.Integer(),
    }),
    remaining: Type.Integer(),
    total: Type.Integer(),
    template: Type.String(),
    created_at: Time,
    finished_at: Nullable(Time),
  },
  { title: 'ThankYouRun' },
)

export const Influencer = Type.Object(
  {
    user: UserSummary,
    sends: Type.Integer(),
    saves_via_message: Type.Integer(),
    clicks_via_message: Type.Integer(),
    invites_accepted: Type.Integer(),
    score: Type.Integer(),
    can_message: Type.Boolean(),
    reason: Nullable(MessageRefusalReason),
  },
  { title: 'Influencer' },
)

export const InfluencerPage = Page(Influencer, 'InfluencerPage')

const metricFields = {
  impressions: Type.Integer(),
  closeups: Type.Integer(),
  saves: Type.Integer(),
  source_clicks: Type.Integer(),
  message_sends: Type.Integer(),
  message_conversations: Type.Integer(),
  saves_via_message: Type.Integer(),
  clicks_via_message: Type.Integer(),
  invites_sent: Type.Integer(),
  invites_accepted: Type.Integer(),
}

export const BrandAnalytics = Type.Object(
  {
    daily: Type.Array(Type.Object({ date: DateOnly, ...metricFields })),
    summary: Type.Object({
      ...metricFields,
      /** new members per inviting member over the range (0 when nobody invited) */
      viral_factor: Type.Number(),
    }),
  },
  { title: 'BrandAnalytics' },
)
