import { Type } from 'typebox'
import { Pin } from './pins'

/** Who of the viewer's network saved a card's pin: the first few (the viewer first) and how many. */
export const SavedBy = Type.Object(
  {
    users: Type.Array(Type.Object({ username: Type.String() }), {
      maxItems: 3,
      description: 'the first people who saved it (the viewer first, then the newest savers)',
    }),
    count: Type.Integer({ minimum: 0, description: 'how many people of the network saved it' }),
  },
  { title: 'SavedBy' },
)

/**
 * A home-feed card: one per original pin, however many people of the viewer's network saved
 * it. The pin is the original, or the newest save in the network when the viewer may not see
 * the original; `saved_by` names who of the network saved it (empty on popular pins).
 */
export const FeedPin = Type.Object({ ...Pin.properties, saved_by: SavedBy }, { title: 'FeedPin' })
