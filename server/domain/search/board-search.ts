import type { Board } from '../../../protocol/api'
import type { Db } from '../../db/database'
import type { BoardsService } from '../boards/service'
import { decodeBookmark, DEFAULT_PAGE_SIZE, encodeBookmark } from '../pagination'
import { ownerNotSuspended } from '../moderation/suspension'
import type { Readers } from '../readers'
import type { FullText } from './fulltext'
import { parseQuery, type SearchParams } from './query'

/** Board matches asked of the full-text index at a time. */
const BATCH = 200

/** `GET /v5/search/boards`: public boards (and the viewer's own) by name and description. */
export async function searchBoards(
  deps: {
    db: Db
    fullText: FullText
    readers: Readers
    boards: Pick<BoardsService, 'toBoards'>
  },
  viewerId: number | null,
  params: SearchParams,
): Promise<{ items: Board[]; bookmark: string | null }> {
  const { db, fullText, readers } = deps
  const size = params.page_size ?? DEFAULT_PAGE_SIZE
  const at = decodeBookmark(params.bookmark, { i: 'id' })
  const parsed = await parseQuery(db, params.query, undefined)
  if (!parsed) return { items: [], bookmark: null }
  const blocked = viewerId === null ? null : (await readers.of(viewerId)).blocked
  const items = []
  let before = at ? at.i : null
  let more = false
  while (items.length <= size) {
    const matches = await fullText.matchBoards(parsed.match, before, BATCH)
    if (matches.length === 0) break
    const rows = await db
      .selectFrom('boards')
      .selectAll()
      .where('id', 'in', matches)
      .where(ownerNotSuspended('boards.owner_id'))
      .execute()
    const byId = new Map(rows.map((r) => [Number(r.id), r]))
    for (const id of matches) {
      const b = byId.get(id)
      const owner = Number(b?.owner_id)
      if (!b || (b.privacy === 'SECRET' && owner !== viewerId) || blocked?.has(owner)) continue
      items.push(b)
    }
    before = matches[matches.length - 1]!
    if (matches.length < BATCH) break
  }
  if (items.length > size) {
    more = true
    items.length = size
  }
  const boards = await deps.boards.toBoards(items, viewerId)
  const last = items[items.length - 1]
  return {
    items: boards,
    bookmark: more && last ? encodeBookmark({ i: Number(last.id) }) : null,
  }
}
