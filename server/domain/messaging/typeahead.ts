import type { Page } from '../../../protocol/api'
import type { MessagingCandidate } from '../../../protocol/messages'
import type { Db } from '../../db/database'
import { notBlockedWith } from '../graph/blocks'
import type { GraphService } from '../graph/service'
import { userSummaryColumns, type UserSummaryRow } from '../graph/user-summary'
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

export interface TypeaheadOptions {
  limit?: number
  /**
   * Also people the viewer may not message yet (`can_message: false` with the policy's
   * reason): everyone named like the query, not only the viewer's connections. Blocked people,
   * either way, are never listed.
   */
  includeUnavailable?: boolean
}

/**
 * People the viewer may message by username or business name: those whose name starts with
 * `query`, and (people search's index) those it is a typo away from; closest first. Each
 * decided by the messaging policy itself (`mayMessageMany`), so the list never promises what
 * a send would refuse.
 */
export function createTypeahead(deps: TypeaheadDeps) {
  const { db, repo, graph, people } = deps

  /** Anyone with these ids, blocks either way left out (people search's candidates). */
  const anyoneAmong = (viewerId: number, ids: number[]): Promise<UserSummaryRow[]> =>
    db
      .selectFrom('users as u')
      .select((eb) => [...userSummaryColumns(eb, viewerId), 'u.created_at as since'])
      .where('u.id', 'in', ids)
      .where('u.id', '!=', viewerId)
      .where(notBlockedWith(viewerId, 'u.id'))
      .execute()

  /** Which of `ids` follow the viewer. */
  async function followersAmong(viewerId: number, ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set()
    const rows = await db
      .selectFrom('follows')
      .select('follower_id')
      .where('followee_id', '=', viewerId)
      .where('follower_id', 'in', ids)
      .execute()
    return new Set(rows.map((r) => Number(r.follower_id)))
  }

  return async function typeahead(
    viewerId: number,
    query: string,
    options: TypeaheadOptions = {},
  ): Promise<Page<MessagingCandidate>> {
    const { limit = 10, includeUnavailable = false } = options
    const text = query.trim().toLowerCase()
    // Unavailable people are named by what was typed: any prefix finds strangers too.
    const searchPeople = people && text.length >= (includeUnavailable ? 1 : 3)
    const [byPrefix, similar] = await Promise.all([
      repo.connectionsByPrefix(viewerId, text, TYPEAHEAD_CANDIDATES),
      searchPeople ? people.like(text, TYPEAHEAD_CANDIDATES) : [],
    ])
    const known = new Set(byPrefix.map((c) => Number(c.id)))
    const more = similar.filter((id) => !known.has(id) && id !== viewerId)
    const others: UserSummaryRow[] =
      more.length === 0
        ? []
        : includeUnavailable
          ? await anyoneAmong(viewerId, more)
          : await repo.connectionsAmong(viewerId, more)
    const candidates: UserSummaryRow[] = [...byPrefix, ...others]
    const byTypo = new Set(others.map((c) => Number(c.id)))
    // someone you may not message, found only by people search's 3-letter runs, must be named
    // close to the query (a typo or two), not merely share a run with it
    const typoRoom = text.length <= 4 ? 1.1 : 2.1
    const ids = candidates.map((c) => Number(c.id))
    const [decisions, followers] = await Promise.all([
      mayMessageMany(db, viewerId, ids),
      followersAmong(viewerId, ids),
    ])
    const items = candidates
      .flatMap((c) => {
        const d = decisions.get(Number(c.id))
        // gone, blocked either way (never listed), or not asked for
        if (!d || (!d.ok && (d.reason === 'blocked' || !includeUnavailable))) return []
        const distance = nameDistance(text, c.username, c.business_name)
        if (!d.ok && byTypo.has(Number(c.id)) && distance > typoRoom) return []
        return [{ c, d, distance }]
      })
      .sort(
        (a, b) =>
          a.distance - b.distance ||
          Number(b.d.ok) - Number(a.d.ok) ||
          (a.c.username < b.c.username ? -1 : 1),
      )
      .slice(0, limit)
      .map(({ c, d }): MessagingCandidate => ({
        ...graph.toSummary(c, viewerId),
        can_message: d.ok,
        reason: d.ok || d.reason === 'blocked' ? null : d.reason,
        follows_you: followers.has(Number(c.id)),
      }))
    return { items, bookmark: null }
  }
}
