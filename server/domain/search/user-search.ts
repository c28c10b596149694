import type { UserSummary } from '../../../protocol/api'
import type { Db } from '../../db/database'
import type { GraphService } from '../graph/service'
import { userSummaryColumns } from '../graph/user-summary'
import { decodeBookmark, DEFAULT_PAGE_SIZE } from '../pagination'
import type { Readers } from '../readers'
import { nameDistance, type PeopleIndex } from './people'
import { checkQueryLength, type SearchParams } from './query'

/**
 * `GET /v5/search/users`: people by username or business name, forgiving typos: those
 * sharing the most 3-letter runs with the query, ranked by edit distance.
 */
export async function searchUsers(
  deps: {
    db: Db
    readers: Readers
    people: PeopleIndex
    graph: Pick<GraphService, 'toSummary'>
  },
  viewerId: number | null,
  params: SearchParams,
): Promise<{ items: UserSummary[]; bookmark: null }> {
  const { db, readers, people } = deps
  // one page only: no bookmark was ever handed out, so any is forged
  if (params.bookmark) decodeBookmark(params.bookmark, { never: 'id' })
  const query = params.query.trim().toLowerCase()
  checkQueryLength(query)
  const size = params.page_size ?? DEFAULT_PAGE_SIZE
  const ids = await people.like(query, Math.max(50, size * 4), size)
  if (ids.length === 0) return { items: [], bookmark: null }
  const blocked = viewerId === null ? null : (await readers.of(viewerId)).blocked
  const rows = await db
    .selectFrom('users as u')
    .select((eb) => [...userSummaryColumns(eb, viewerId), 'u.created_at as since'])
    .where('u.id', 'in', ids)
    .execute()
  const ranked = rows
    .filter((r) => !blocked?.has(Number(r.id)))
    .map((r) => ({ r, d: nameDistance(query, r.username, r.business_name) }))
    .sort((a, b) => a.d - b.d || (a.r.username < b.r.username ? -1 : 1))
    .slice(0, size)
  return { items: ranked.map(({ r }) => deps.graph.toSummary(r, viewerId)), bookmark: null }
}
