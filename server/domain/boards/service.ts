import type { Db } from '../../db/database'

// Placeholder: boards and sections are being built (see issue 2).
export function createBoardsService(_deps: { db: Db; publicUrl: string }) {
  return {}
}
