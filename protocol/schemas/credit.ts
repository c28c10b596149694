import { Type } from 'typebox'
import { Id, Nullable, Time } from './common'

/**
 * Someone who saved the pin of a message from its card, as its sender sees them ("ben saved
 * this to Camping"): `board` null when the sender may not see the board (secret) or it is gone.
 */
export const SavedBy = Type.Object(
  {
    username: Type.String(),
    board: Nullable(Type.Object({ id: Id, name: Type.String() })),
  },
  { title: 'SavedBy' },
)

/**
 * The earlier share of a pin in a conversation: the newest pin message the reader sees there
 * whose pin is the same pin (or a save of the same original: `same_pin`) or another pin with
 * the same picture (`same_picture`, by perceptual hash).
 */
export const AlreadyShared = Type.Object(
  {
    message_id: Id,
    seq: Type.Integer({ minimum: 1 }),
    sender: Type.Object({ username: Type.String() }),
    created_at: Time,
    pin_id: Id,
    match: Type.Union([Type.Literal('same_pin'), Type.Literal('same_picture')]),
  },
  { title: 'AlreadyShared' },
)

export const AlreadySharedAnswer = Type.Object(
  { shared: Nullable(AlreadyShared) },
  { title: 'AlreadySharedAnswer' },
)
