import type { Page, UserSummary } from '../../../protocol/api'
import type { Db } from '../../db/database'
import type { GraphService } from '../graph/service'
import { nameDistance, type PeopleIndex } from '../search/people'
import { mayMessageMany } from './policy'
import type { ConversationRepository } from './repository'

const TYPEAHEAD_CANDIDATES = 100

export interface TypeaheadDeps {
  db: Db
  repo: Pick<ConversationRepository, 'connectionsByPrefix' | 'connectionsAmong'>
  graph: Pick<GraphService, 'toSummary'>
  /** people search (the typo-tolerant half) */
  people?: Pick<PeopleIndex, 'like'>
}

/**
 * People the viewer may message by username or business name: those whose name starts with
 * `query`, and (people search's index) those it is a typo away from; closest first.
 */
export function createTypeahead(deps: TypeaheadDeps) {
  const { db, repo, graph, people } = deps
  return async function typeahead(
    viewerId: number,
    query: string,
    limit = 10,
  ): Promise<Page<UserSummary>> {
    const text = query.trim().toLowerCase()
    const [byPrefix, similar] = await Promise.all([
      repo.connectionsByPrefix(viewerId, text, TYPEAHEAD_CANDIDATES),
      text.length >= 3 && people ? people.like(text, TYPEAHEAD_CANDIDATES) : [],
    ])
    const known = new Set(byPrefix.map((c) => Number(c.id)))
    const more = similar.filter((id) => !known.has(id) && id !== viewerId)
    const candidates = byPrefix.concat(
      more.length === 0 ? [] : await repo.connectionsAmong(viewerId, more),
    )
    const decisions = await mayMessageMany(
      db,
      viewerId,
      candidates.map((c) => Number(c.id)),
    )
    const items = candidates
      .filter((c) => decisions.get(Number(c.id))?.ok)
      .map((c) => ({ c, d: nameDistance(text, c.username, c.business_name) }))
      .sort((a, b) => a.d - b.d || (a.c.username < b.c.username ? -1 : 1))
      .slice(0, limit)
      .map(({ c }) => graph.toSummary(c, viewerId))
    return { items, bookmark: null }
  }
}
