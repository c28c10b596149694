import type { Board, UserSummary } from '../../../protocol/api'
import {
  MAX_ONBOARDING_TOPICS,
  type OnboardingChoices,
  type OnboardingResult,
  type OnboardingStatus,
  type OnboardingSuggestions,
  type Topic,
} from '../../../protocol/onboarding'
import { nowIso } from '../../db/database'
import { BadRequestError } from '../../errors'
import type { BoardRow } from '../boards/access'
import type { UserSummaryRow } from '../graph/user-summary'
import { parseId } from '../pagination'
import { createFullText } from '../search/fulltext'
import type { Units } from '../unit'
import { followChoices } from './follows'
import { createOnboardingRepository } from './repository'
import { suggest } from './suggestions'
import { isTopicId, loadTopics } from './topics'

/** How long the instance's topics are kept before they are worked out again. */
const TOPICS_TTL_MS = 5 * 60_000

/** The topics a suggestions request names: distinct topic ids, comma-separated. */
export function parseTopics(param: string | undefined): string[] {
  const topics = [
    ...new Set(
      (param ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ]
  if (topics.length > MAX_ONBOARDING_TOPICS) {
    throw new BadRequestError(`Choose at most ${MAX_ONBOARDING_TOPICS} topics.`)
  }
  const bad = topics.find((t) => !isTopicId(t))
  if (bad !== undefined) {
    throw new BadRequestError('topics must be topic ids from GET /v5/onboarding/topics.')
  }
  return topics
}

function idsOf(ids: string[] | undefined, what: string): number[] {
  return [
    ...new Set(
      (ids ?? []).map((id) => {
        const n = parseId(id)
        if (n === null) throw new BadRequestError(`${what} must be ids.`)
        return n
      }),
    ),
  ]
}

/**
 * First sign-in: the topics popular on the instance, people and boards to follow for the
 * chosen ones, and the finish — the chosen follows and `onboarded_at` in one transaction.
 * Done or skipped, it is never offered again.
 */
export function createOnboardingService(deps: {
  units: Units
  publicUrl: string
  graph: { toSummary(row: UserSummaryRow, viewerId: number | null): UserSummary }
  boards: { toBoards(rows: BoardRow[], viewerId: number | null): Promise<Board[]> }
}) {
  const { units, publicUrl } = deps
  const repo = createOnboardingRepository(units.db)
  const fullText = createFullText(units.db)
  let topics: { value: Promise<Topic[]>; expires: number } | null = null

  return {
    async status(viewerId: number): Promise<OnboardingStatus> {
      const at = await repo.onboardedAt(viewerId)
      return { status: at ? 'DONE' : 'PENDING', onboarded_at: at }
    },

    /** The instance's topics, kept a few minutes: the same for everyone (public pins only). */
    topics(): Promise<{ items: Topic[] }> {
      if (!topics || topics.expires < Date.now()) {
        const value = loadTopics({ repo, fullText, publicUrl })
        const entry = { value, expires: Date.now() + TOPICS_TTL_MS }
        topics = entry
        // neither a failed load nor an instance with no topics yet is kept
        const forget = () => void (topics === entry && (topics = null))
        value.then((items) => items.length === 0 && forget(), forget)
      }
      return topics.value.then((items) => ({ items }))
    },

    suggestions(viewerId: number, topicsParam: string | undefined): Promise<OnboardingSuggestions> {
      return suggest(
        {
          repo,
          fullText,
          publicUrl,
          toSummary: deps.graph.toSummary,
          toBoards: deps.boards.toBoards,
        },
        viewerId,
        parseTopics(topicsParam),
      )
    },

    /**
     * Follows the chosen people and boards and marks first sign-in done, in one transaction;
     * nothing chosen skips it. Done again, it follows what is new and keeps the first time.
     */
    async complete(viewerId: number, choices: OnboardingChoices): Promise<OnboardingResult> {
      const wanted = {
        userIds: idsOf(choices.user_ids, 'user_ids'),
        boardIds: idsOf(choices.board_ids, 'board_ids'),
      }
      const { followed, at } = await units.run(async (unit) => {
        const followed = await followChoices(unit, repo, viewerId, wanted)
        return { followed, at: await repo.markOnboarded(unit.trx, viewerId, nowIso()) }
      })
      return {
        status: 'DONE',
        onboarded_at: at,
        followed: {
          user_ids: followed.userIds.map(String),
          board_ids: followed.boardIds.map(String),
        },
      }
    },
  }
}

export type OnboardingService = ReturnType<typeof createOnboardingService>
