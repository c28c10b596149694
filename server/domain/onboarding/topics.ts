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
  /** which of the board names hold it (their indexes) */
  boards: Set<number>
}

/** A topic chosen: its word (the id), how it is shown, how many public pins hold it. */
export interface RankedTopic {
  stem: string
  name: string
  pins: number
}

/** The words of board names, each counted once per board, with their most common spelling. */
export function topicCandidates(names: string[]): TopicCandidate[] {
  const boards = new Map<string, Set<number>>()
  const spellings = new Map<string, Map<string, number>>()
  names.forEach((name, index) => {
    for (const { stem, surface } of tokenize(name)) {
      if (stem.length < 3 || /^\p{N}+$/u.test(stem) || VAGUE.has(stem)) continue
      const forms = spellings.get(stem) ?? new Map<string, number>()
      forms.set(surface, (forms.get(surface) ?? 0) + 1)
      spellings.set(stem, forms)
      boards.set(stem, (boards.get(stem) ?? new Set()).add(index))
    }
  })
  return [...boards].map(([stem, set]) => {
    const forms = [...spellings.get(stem)!].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    return { stem, surface: forms[0]![0], boards: set }
  })
}

const within = (a: Set<number>, b: Set<number>) => {
  for (const x of a) if (!b.has(x)) return false
  return true
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1)

/** `words` as a board name writes them, in its order ("Greek islands"). */
function phrase(name: string, words: Set<string>): string {
  const surfaces: string[] = []
  for (const t of tokenize(name)) {
    if (words.has(t.stem) && surfaces.at(-1) !== t.surface) surfaces.push(t.surface)
  }
  return capitalised(surfaces.join(' '))
}

/**
 * The best `limit` topics: most public pins first, then most boards, then by word. A word only
 * ever written beside a broader one adds nothing of its own ("Weeknight" beside "Dinners");
 * words always written together are one topic, named as written ("Greek islands").
 */
export function rankTopics(
  names: string[],
  candidates: TopicCandidate[],
  pinCounts: Map<string, number>,
  limit: number,
): RankedTopic[] {
  const ranked = candidates
    .map((c) => ({ ...c, pins: pinCounts.get(c.stem) ?? 0 }))
    .filter((c) => c.pins >= MIN_PINS)
    .sort(
      (a, b) => b.pins - a.pins || b.boards.size - a.boards.size || a.stem.localeCompare(b.stem),
    )
    .slice(0, limit * 5)
  const kept: { topic: (typeof ranked)[number]; words: Set<string> }[] = []
  for (const c of ranked) {
    if (kept.length === limit) break
    const narrower = ranked.some(
      (o) => o.pins >= c.pins && o.boards.size > c.boards.size && within(c.boards, o.boards),
    )
    if (narrower) continue
    const twin = kept.find(
      (k) => k.topic.boards.size === c.boards.size && within(c.boards, k.topic.boards),
    )
    if (twin) twin.words.add(c.stem)
    else kept.push({ topic: c, words: new Set([c.stem]) })
  }
  return kept.map(({ topic, words }) => ({
    stem: topic.stem,
    pins: topic.pins,
    name:
      words.size === 1
        ? capitalised(topic.surface)
        : phrase(names[Math.min(...topic.boards)]!, words),
  }))
}

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
  const names = await repo.publicBoardNames(BOARD_NAMES)
  const candidates = topicCandidates(names)
  const ranked = rankTopics(
    names,
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
      name: t.name,
      pin_count: t.pins,
      image_url: cover ? publicUrl + mediaPath(cover.media_key, '400x300') : null,
      dominant_color: cover?.dominant_color ?? null,
    })
  }
  return topics
}
