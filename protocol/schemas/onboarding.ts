import { Type } from 'typebox'
import { UserSummary } from './accounts'
import { Board } from './boards'
import { Id, Nullable, Time } from './common'

/** Where the signed-in person stands with first sign-in: PENDING until done or skipped. */
export const OnboardingStatus = Type.Object(
  {
    status: Type.Union([Type.Literal('PENDING'), Type.Literal('DONE')]),
    onboarded_at: Nullable(Time),
  },
  { title: 'OnboardingStatus' },
)

/** A topic's id: one analysed word (a stem), as `GET /v5/onboarding/topics` names it. */
export const TopicId = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'a topic id (one analysed word, lower case)',
})

/** Something many public pins on this instance are about (board names, pin words). */
export const Topic = Type.Object(
  {
    id: TopicId,
    name: Type.String({ description: 'how people write it, capitalised' }),
    pin_count: Type.Integer({ minimum: 0, description: 'public pins about it' }),
    image_url: Nullable(Type.String({ description: "a popular pin's picture (400x300)" })),
    dominant_color: Nullable(Type.String()),
  },
  { title: 'Topic' },
)

export const TopicList = Type.Object({ items: Type.Array(Topic) }, { title: 'TopicList' })

/** A person worth following for the chosen topics, with a few of their pins' pictures. */
export const SuggestedUser = Type.Object(
  {
    user: UserSummary,
    follower_count: Type.Integer({ minimum: 0 }),
    topics: Type.Array(TopicId, { description: 'the chosen topics their pins are about' }),
    pin_thumbnail_urls: Type.Array(Type.String(), { maxItems: 3 }),
  },
  { title: 'SuggestedUser' },
)

export const SuggestedBoard = Type.Object(
  {
    board: Board,
    topics: Type.Array(TopicId, { description: 'the chosen topics it is about' }),
  },
  { title: 'SuggestedBoard' },
)

/** People and boards to follow: popular on the instance, about the chosen topics first. */
export const OnboardingSuggestions = Type.Object(
  { users: Type.Array(SuggestedUser), boards: Type.Array(SuggestedBoard) },
  { title: 'OnboardingSuggestions' },
)

/**
 * First sign-in done: followed are those of the choices that could be followed (one gone or
 * out of reach since it was suggested is left out, not an error).
 */
export const OnboardingResult = Type.Object(
  {
    status: Type.Literal('DONE'),
    onboarded_at: Time,
    followed: Type.Object({ user_ids: Type.Array(Id), board_ids: Type.Array(Id) }),
  },
  { title: 'OnboardingResult' },
)
