import type { Db } from '../../db/database'
import type { MediaService } from '../media/service'

// Placeholder: pins are being built (see issue 2).
export function createPinsService(_deps: { db: Db; media: MediaService; publicUrl: string }) {
  return {}
}
export type PinsService = ReturnType<typeof createPinsService>
