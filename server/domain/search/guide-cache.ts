import type { Db } from '../../db/database'
import { computeGuides, foreground, type Guide } from './guides'
import type { PinWindows, Window } from './pin-window'
import type { ParsedQuery } from './query'
import { termStats, type TermStat } from './statistics'

/**
 * Guides as search serves them: worked out (guides.ts) from the newest public matches against
 * the collection's statistics, and kept per query, for everyone, while fresh.
 */

/** Guides are worked out from the newest this many public matches. */
const GUIDE_SAMPLE = 300
const GUIDE_CACHE_MS = 5 * 60_000
const GUIDE_CACHE_ENTRIES = 2000
/** terms whose background frequency is kept in memory */
const BACKGROUND_KEPT = 100_000
/**
 * Guides are worked out again once this share of the collection has changed since: pins
 * added or removed (anywhere) and pins written by this instance.
 */
const GUIDE_STALE_SHARE = 0.01

export function createGuideCache(deps: {
  db: Db
  windows: PinWindows
  /** pins (re)indexed or removed by this instance so far */
  changes: () => number
}) {
  const { db, windows, changes } = deps
  const guideCache = new Map<
    string,
    { at: number; docs: number; changes: number; guides: Guide[] }
  >()

  /**
   * Background frequencies for guides, kept a few minutes (statistics: a little staleness
   * changes no guide, and the same words come up query after query).
   */
  const backgroundKept = new Map<string, { at: number } & TermStat>()
  async function backgroundStats(terms: string[]) {
    const now = Date.now()
    const out = new Map<string, TermStat>()
    const missing: string[] = []
    for (const t of terms) {
      const kept = backgroundKept.get(t)
      if (kept && now - kept.at < GUIDE_CACHE_MS) out.set(t, kept)
      else missing.push(t)
    }
    for (const [t, stat] of await termStats(db, missing)) {
      out.set(t, stat)
      backgroundKept.delete(t)
      backgroundKept.set(t, { at: now, ...stat })
    }
    while (backgroundKept.size > BACKGROUND_KEPT) {
      backgroundKept.delete(backgroundKept.keys().next().value!)
    }
    return out
  }

  /**
   * Guides already worked out for this query, while fresh; none once a public pin has turned
   * secret since (anywhere): what it added to them must not outlast its secrecy.
   */
  let hiddenSeen = -1
  function cached(parsed: ParsedQuery, total: number): Guide[] | null {
    if (parsed.hidden !== hiddenSeen) {
      guideCache.clear()
      backgroundKept.clear()
      hiddenSeen = parsed.hidden
    }
    const kept = guideCache.get(parsed.key)
    const fresh =
      kept &&
      Date.now() - kept.at < GUIDE_CACHE_MS &&
      Math.abs(total - kept.docs) + changes() - kept.changes <=
        Math.max(10, total * GUIDE_STALE_SHARE)
    return fresh ? kept.guides : null
  }

  /**
   * Guides from the newest public matches: those of the first window, unless the viewer's own
   * secret pins are among them (then the public ones are asked for apart), so that guides are
   * the same for everyone (they are cached per query for everyone too).
   */
  async function from(parsed: ParsedQuery, first: Window, total: number): Promise<Guide[]> {
    const anySecret = [...first.facts.values()].some((f) => Number(f.secret) === 1)
    const w = anySecret ? await windows.load(parsed, null, null, GUIDE_SAMPLE) : first
    // an original pin and its saves show as one result: they count as one pin, whose words
    // are those of any of them (so that no guide leaves a single result while counting two)
    const byRoot = new Map<number, string[]>()
    for (const id of w.ids.slice(0, GUIDE_SAMPLE)) {
      const f = w.facts.get(id)
      if (!f || Number(f.secret) !== 0) continue
      const root = Number(f.parent_pin_id ?? id)
      const group = byRoot.get(root)
      if (group) group.push(f.tokens)
      else byRoot.set(root, [f.tokens])
    }
    const counted = foreground([...byRoot.values()], parsed.exclude)
    const background = await backgroundStats([...counted.keys()])
    const guides = computeGuides({ size: byRoot.size, counted, background, total })
    guideCache.set(parsed.key, { at: Date.now(), docs: total, changes: changes(), guides })
    if (guideCache.size > GUIDE_CACHE_ENTRIES) guideCache.delete(guideCache.keys().next().value!)
    return guides
  }

  return { cached, from }
}
