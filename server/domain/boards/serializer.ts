import type { Board } from '../../../protocol/api'
import type { Db } from '../../db/database'
import { mediaPath } from '../media/urls'
import type { BoardRow } from './access'
import { createBoardsRepository } from './repository'

/** How many of the newest pins a board card shows as thumbnails. */
const THUMBNAILS = 5

/**
 * Serialises board rows to the wire `Board` as `viewerId` sees them, with counts, cover and
 * thumbnails, in a fixed number of queries whatever the number of boards. For reuse by other
 * modules (pins, search, messaging cards): the rows must already be ones the viewer may see.
 */
export function boardSerializer(db: Db, publicUrl: string) {
  const repo = createBoardsRepository(db)
  return async function toBoards(rows: BoardRow[], viewerId: number | null): Promise<Board[]> {
    const ids = rows.map((r) => r.id)
    const [stats, media] = await Promise.all([
      repo.stats(ids, viewerId),
      repo.newestMedia(ids, THUMBNAILS),
    ])
    const statsById = new Map(stats.map((s) => [s.id, s]))
    const keysById = new Map<number, string[]>()
    for (const m of media) {
      const keys = keysById.get(m.board_id) ?? []
      keys.push(m.media_key)
      keysById.set(m.board_id, keys)
    }
    return rows.map((row) => {
      const s = statsById.get(row.id)
      const keys = keysById.get(row.id) ?? []
      const board: Board = {
        id: String(row.id),
        name: row.name,
        description: row.description,
        privacy: row.privacy,
        owner: { username: s?.owner_username ?? '' },
        created_at: row.created_at,
        pin_count: Number(s?.pin_count ?? 0),
        follower_count: Number(s?.follower_count ?? 0),
        collaborator_count: Number(s?.collaborator_count ?? 0),
        media: {
          image_cover_url: keys[0] ? publicUrl + mediaPath(keys[0], '400x300') : null,
          pin_thumbnail_urls: keys.map((k) => publicUrl + mediaPath(k, '150x150')),
        },
      }
      if (viewerId !== null) board.is_following = Boolean(s?.is_following)
      return board
    })
  }
}
