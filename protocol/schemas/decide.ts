import { Type } from 'typebox'
import { Id } from './common'
import { Pin } from './pins'

/** A pin's votes in a group conversation: how many, and who (in the order they voted). */
export const PinVotes = Type.Object(
  {
    conversation_id: Id,
    pin_id: Id,
    votes: Type.Integer({ minimum: 0 }),
    voters: Type.Array(Type.String(), { description: 'usernames, first vote first' }),
    voted: Type.Boolean({ description: 'whether the caller votes for it' }),
  },
  { title: 'PinVotes' },
)

/** One pin of a conversation's shortlist. */
export const ShortlistItem = Type.Object(
  {
    pin: Pin,
    votes: Type.Integer({ minimum: 1 }),
    voters: Type.Array(Type.String(), { description: 'usernames, first vote first' }),
  },
  { title: 'ShortlistItem' },
)

/** The pins a group voted for, most votes first (ties: the newest vote first). */
export const Shortlist = Type.Object({ items: Type.Array(ShortlistItem) }, { title: 'Shortlist' })
