import type { Logger } from 'pino'
import type { Db } from '../../db/database'

// Placeholder: the image pipeline is being built (see issue 2).
export function createMediaService(_deps: {
  db: Db
  log: Logger
  mediaDir: string
  publicUrl: string
  allowPrivateUrls: boolean
}) {
  return {}
}
export type MediaService = ReturnType<typeof createMediaService>
