/** Wire shapes of deciding together: votes on a group's pins and its shortlist (issue 17). */
import type { Static } from 'typebox'
// type-only: the web app's bundle gets the types, never TypeBox or the schemas themselves
import type {
  PinVotes as PinVotesSchema,
  Shortlist as ShortlistSchema,
  ShortlistItem as ShortlistItemSchema,
} from './schemas/decide'

export type PinVotes = Static<typeof PinVotesSchema>
export type ShortlistItem = Static<typeof ShortlistItemSchema>
export type Shortlist = Static<typeof ShortlistSchema>
