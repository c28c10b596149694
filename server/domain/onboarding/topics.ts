import type { Topic } from '../../../protocol/onboarding'
import { mediaPath } from '../media/urls'
import { stems, tokenize } from '../search/analyzer'
import type { FullText } from '../search/fulltext'
import type { CandidatePin, OnboardingRepository } from './repository'

/**
 * Topics for first sign-in, from what is popular on this instance: the words people file
 * public pins under (board names), ranked by how many public pins hold them (the search
 * statistics, which count public pins only, the board's name included). Each topic shows the
 * picture of a much-saved pin about it.
 */

/** How many topics are offered. */
export const TOPIC_COUNT = 18
/** Board names read: the newest public boards, enough to know what people collect. */
const BOARD_NAMES = 5000
/** Fewer public pins than this and a word is not a topic yet. */
const MIN_PINS = 2
/** Pins looked at per topic for its picture: the newest matches. */
const COVER_WINDOW = 40

/** Words that name no topic of their own, however often boards are called by them. */
const VAGUE: ReadonlySet<string> = new Set(
  stems(
    'idea ideas list lists try project projects day days thing things stuff misc random new ' +
      'old good best favorite favourite favorites collection saved save pin pins board boards ' +
      'inspiration dream cool nice want wish great general cute everything mine small big ' +
      'one two three first next later someday maybe',
  ),
)

/** A plain analysed word: what a topic id must be (the analyzer's stems are). */
export const isTopicId = (id: string): boolean =>
  /^[\p{L}\p{N}]{1,40}$/u.test(id) && id === id.toLowerCase()

export interface TopicCandidate {
  stem: string
  /** how people write it most often */
  surface: string
  /** how many of the board names hold it */
  boards: number
}

/** The words of board names, each counted once per board, with their most common spelling. */
export function topicCandidates(names: string[]): TopicCandidate[] {
  const boards = new Map<string, number>()
  const spellings = new Map<string, Map<string, number>>()
  for (const name of names) {
    const seen = new Set<string>()
    for (const { stem, surface } of tokenize(name)) {
      if (stem.length < 3 || /^\p{N}+$/u.test(stem) || VAGUE.has(stem)) continue
      const forms = spellings.get(stem) ?? new Map<string, number>()
      forms.set(surface, (forms.get(surface) ?? 0) + 1)
      spellings.set(stem, forms)
      if (seen.has(stem)) continue
      seen.add(stem)
      boards.set(stem, (boards.get(stem) ?? 0) + 1)
    }
  }
  return [...boards].map(([stem, count]) => {
    const forms = [...spellings.get(stem)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    return { stem, surface: forms[0]![0], boards: count }
  })
}

/** The best `limit` candidates: most public pins first, then most boards, then by word. */
export function rankTopics(
  candidates: TopicCandidate[],
  pinCounts: Map<string, number>,
  limit: number,
): (TopicCandidate & { pins: number })[] {
  return candidates
    .map((c) => ({ ...c, pins: pinCounts.get(c.stem) ?? 0 }))
    .filter((c) => c.pins >= MIN_PINS)
    .sort((a, b) => b.pins - a.pins || b.boards - a.boards || a.stem.localeCompare(b.stem))
    .slice(0, limit)
}

const capitalised = (word: string) => word.charAt(0).toLocaleUpperCase() + word.slice(1)

/** The most saved of `pins` whose picture no other topic shows yet. */
function coverOf(pins: CandidatePin[], used: Set<string>): CandidatePin | undefined {
  const sorted = [...pins].sort((a, b) => b.save_count - a.save_count || b.id - a.id)
  return sorted.find((p) => !used.has(p.media_key)) ?? sorted[0]
}

/** Works the topics out from the database (the caller keeps them for a while). */
export async function loadTopics(deps: {
  repo: OnboardingRepository
  fullText: FullText
  publicUrl: string
}): Promise<Topic[]> {
  const { repo, fullText, publicUrl } = deps
  const candidates = topicCandidates(await repo.publicBoardNames(BOARD_NAMES))
  const ranked = rankTopics(
    candidates,
    await repo.publicPinCounts(candidates.map((c) => c.stem)),
    TOPIC_COUNT,
  )
  const used = new Set<string>()
  const topics: Topic[] = []
  for (const t of ranked) {
    const ids = await fullText.matchPins(
      { all: [t.stem], phrases: [], prefix: null },
      null,
      COVER_WINDOW,
      null,
    )
    const cover = coverOf(await repo.publicPins(ids), used)
    if (cover) used.add(cover.media_key)
    topics.push({
      id: t.stem,
      name: capitalised(t.surface),
      pin_count: t.pins,
      image_url: cover ? publicUrl + mediaPath(cover.media_key, '400x300') : null,
      dominant_color: cover?.dominant_color ?? null,
    })
  }
  return topics
}
