import type { FullText } from './fulltext'
import type { PinFacts } from './pin-facts'
import type { ParsedQuery } from './query'
import { scoreTokens } from './relevance'

/**
 * Pin search ranks a window of matches at a time — the newest `WINDOW`, then the next, and so
 * on — blending text relevance with saves, likes and recency, so that a query costs the same
 * however many pins match.
 */

/** Matches ranked per window: the newest this many, then the next this many, and so on. */
export const WINDOW = 500
const DAY_MS = 86_400_000

/**
 * A window of matches: the newest `WINDOW` below `beforeId` that the viewer may see (public
 * ones and their own), with what ranking needs. Pins hidden from the viewer are left out by
 * the match itself: were they only skipped afterwards, someone else's secret pins would push
 * public ones out of the window and move where windows start (in bookmarks), the scores and
 * the guides.
 */
export interface Window {
  /** matching pins the viewer may see, newest first */
  ids: number[]
  /** with each pin's stems as stored (`decodeTokens` reads them per field) */
  facts: Map<number, PinFacts>
  /** where the next window starts (null: this was the last) */
  next: number | null
}

export interface Candidate {
  id: number
  score: number
}

export function createPinWindows(deps: { fullText: FullText }) {
  const { fullText } = deps
  return {
    /** The window below `beforeId` (null: the newest) for this viewer (null: anonymous). */
    async load(
      parsed: ParsedQuery,
      beforeId: number | null,
      viewerId: number | null,
      size = WINDOW,
    ): Promise<Window> {
      const rows = await fullText.matchPinFacts(parsed.match, beforeId, size, viewerId)
      const next = rows.length === size ? rows[rows.length - 1]!.id : null
      return { ids: rows.map((r) => r.id), facts: new Map(rows.map((r) => [r.id, r])), next }
    },
  }
}

export type PinWindows = ReturnType<typeof createPinWindows>

/**
 * A window's matches visible to the viewer, ranked: relevance (normalised within the
 * window), the exact phrase, saves and likes (log), and freshness (halving every 30 days).
 */
export function rank(
  viewerId: number | null,
  blocked: ReadonlySet<number> | null,
  parsed: ParsedQuery,
  w: Window,
): Candidate[] {
  const now = Date.now()
  const sequence = parsed.sequence.length > 1 ? parsed.sequence : null
  const scored: { id: number; root: number; relevance: number; rest: number; score: number }[] = []
  let best = 1e-9
  for (const id of w.ids) {
    const f = w.facts.get(id)
    if (!f) continue
    const owner = Number(f.owner_id)
    if ((Number(f.secret) === 1 && owner !== viewerId) || blocked?.has(owner)) continue
    const { score: relevance, exact } = scoreTokens(f.tokens, parsed.terms, sequence)
    best = Math.max(best, relevance)
    const engagement = Math.log1p(Number(f.save_count) + Number(f.like_count)) / Math.log(1000)
    const ageDays = Math.max(0, now - Date.parse(f.created_at)) / DAY_MS
    const rest = 0.5 * Number(exact) + 0.3 * Math.min(1, engagement) + 0.2 * 0.5 ** (ageDays / 30)
    scored.push({ id, root: Number(f.parent_pin_id ?? id), relevance, rest, score: 0 })
  }
  // relevance normalised within the window, so that the other signals weigh the same always
  for (const c of scored) c.score = Math.round((c.relevance / best + c.rest) * 1e6) / 1e6
  const ranked = scored.sort((a, b) => b.score - a.score || b.id - a.id)
  // a pin and the saves of it are one idea: shown once, the best placed of them
  const shown = new Set<number>()
  const out: Candidate[] = []
  for (const c of ranked) {
    if (shown.has(c.root)) continue
    shown.add(c.root)
    out.push({ id: c.id, score: c.score })
  }
  return out
}
