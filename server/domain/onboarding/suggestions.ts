import type { Board, UserSummary } from '../../../protocol/api'
import type { OnboardingSuggestions } from '../../../protocol/onboarding'
import type { BoardRow } from '../boards/access'
import { mediaPath } from '../media/urls'
import type { FullText } from '../search/fulltext'
import type { UserSummaryRow } from '../graph/user-summary'
import type { CandidatePin, OnboardingRepository } from './repository'

/**
 * People and boards to follow at first sign-in: those whose public pins are about the chosen
 * topics (and boards named after them), then what is most saved on the instance, so that even
 * someone who chose nothing has people to start from. Never the viewer, nobody either has
 * blocked, nothing already followed, no secret board.
 */

/** How many of each are suggested. */
export const SUGGESTIONS = 8
/** Matching pins looked at per topic: the newest. */
const PINS_PER_TOPIC = 150
/** Boards named after a topic looked at per topic: the newest. */
const BOARDS_PER_TOPIC = 100
/** The instance's most saved pins, looked at whatever the topics. */
const POPULAR_PINS = 300
/** A board named after a topic counts as this many of its pins about it. */
const NAME_WEIGHT = 3
const THUMBNAILS = 3

interface Tally {
  pins: number
  saves: number
  topics: Set<string>
  /** the pictures of its pins, most saved first once sorted */
  pictures: CandidatePin[]
}

const tally = (): Tally => ({ pins: 0, saves: 0, topics: new Set(), pictures: [] })

/** Most topics first, then most (weighted) pins about them, then most saves, then oldest id. */
const byWeight = ([ida, a]: [number, Tally], [idb, b]: [number, Tally]) =>
  b.topics.size - a.topics.size || b.pins - a.pins || b.saves - a.saves || ida - idb

export interface SuggestionDeps {
  repo: OnboardingRepository
  fullText: FullText
  publicUrl: string
  toSummary(row: UserSummaryRow, viewerId: number | null): UserSummary
  toBoards(rows: BoardRow[], viewerId: number | null): Promise<Board[]>
}

export async function suggest(
  deps: SuggestionDeps,
  viewerId: number,
  topics: string[],
): Promise<OnboardingSuggestions> {
  const { repo, fullText, publicUrl } = deps

  // Which pins are about which chosen topic; the popular ones are about none in particular.
  const topicsOf = new Map<number, string[]>()
  const boardNamed = new Map<number, string[]>()
  for (const topic of topics) {
    const q = { all: [topic], phrases: [], prefix: null }
    for (const id of await fullText.matchPins(q, null, PINS_PER_TOPIC, null)) {
      topicsOf.set(id, [...(topicsOf.get(id) ?? []), topic])
    }
    for (const id of await fullText.matchBoards(q, null, BOARDS_PER_TOPIC)) {
      boardNamed.set(id, [...(boardNamed.get(id) ?? []), topic])
    }
  }
  for (const id of await repo.popularPinIds(POPULAR_PINS)) {
    if (!topicsOf.has(id)) topicsOf.set(id, [])
  }
  const pins = await repo.publicPins([...topicsOf.keys()])

  const people = new Map<number, Tally>()
  const boards = new Map<number, Tally>()
  for (const pin of pins) {
    const about = topicsOf.get(pin.id) ?? []
    for (const [map, key] of [
      [people, pin.owner_id],
      [boards, pin.board_id],
    ] as const) {
      const t = map.get(key) ?? tally()
      if (about.length > 0) t.pins += 1
      t.saves += pin.save_count
      for (const topic of about) t.topics.add(topic)
      t.pictures.push(pin)
      map.set(key, t)
    }
  }
  for (const [id, named] of boardNamed) {
    const t = boards.get(id) ?? tally()
    t.pins += NAME_WEIGHT
    for (const topic of named) t.topics.add(topic)
    boards.set(id, t)
  }

  const boardRows = new Map(
    (await repo.publicBoards([...boards.keys()])).map((b) => [b.id, b] as const),
  )
  const owners = [...new Set([...people.keys(), ...[...boardRows.values()].map((b) => b.owner_id)])]
  const [followedPeople, followedBoards, blocked] = await Promise.all([
    repo.followedUsers(viewerId, [...people.keys()]),
    repo.followedBoards(viewerId, [...boardRows.keys()]),
    repo.blockedWith(viewerId, owners),
  ])

  const topPeople = [...people]
    .filter(([id]) => id !== viewerId && !followedPeople.has(id) && !blocked.has(id))
    .sort(byWeight)
    .slice(0, SUGGESTIONS)
  const topBoards = [...boards]
    .filter(([id]) => {
      const row = boardRows.get(id)
      return (
        row !== undefined &&
        row.owner_id !== viewerId &&
        !followedBoards.has(id) &&
        !blocked.has(row.owner_id)
      )
    })
    .sort(byWeight)
    .slice(0, SUGGESTIONS)

  const peopleRows = new Map(
    (
      await repo.people(
        topPeople.map(([id]) => id),
        viewerId,
      )
    ).map((r) => [r.id, r] as const),
  )
  const boardsOut = await deps.toBoards(
    topBoards.map(([id]) => boardRows.get(id)!),
    viewerId,
  )
  const thumbnails = (t: Tally) => {
    const keys: string[] = []
    for (const p of [...t.pictures].sort((a, b) => b.save_count - a.save_count || b.id - a.id)) {
      if (!keys.includes(p.media_key)) keys.push(p.media_key)
      if (keys.length === THUMBNAILS) break
    }
    return keys.map((k) => publicUrl + mediaPath(k, '150x150'))
  }
  const ordered = (set: Set<string>) => topics.filter((t) => set.has(t))

  return {
    users: topPeople.flatMap(([id, t]) => {
      const row = peopleRows.get(id)
      if (!row) return []
      return [
        {
          user: deps.toSummary(row, viewerId),
          follower_count: Number(row.follower_count ?? 0),
          topics: ordered(t.topics),
          pin_thumbnail_urls: thumbnails(t),
        },
      ]
    }),
    boards: topBoards.map(([, t], i) => ({ board: boardsOut[i]!, topics: ordered(t.topics) })),
  }
}
