import type { Db } from '../../db/database'
import type { PinsService } from '../pins/service'

// Placeholder: the home feed is being built (see issue 2).
export function createFeedService(_deps: { db: Db; pins: PinsService }) {
  return {}
}
