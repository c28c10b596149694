import type { Caches } from '../caches'
import type { JsonText } from '../json-text'

/** How many whole pages are kept (about 25 KB each). */
const MAX_PAGES = 1_000
/** How long a page is trusted at most, for what no cache below declares (a board's new name). */
const TTL_MS = 1_000

type Served = { id: number; ownerId: number }[]

interface Entry {
  body: JsonText
  served: Served
  stamps: number[]
  expires: number
}

/**
 * Whole pages of the home feed as they were sent, per reader (or anonymous), bookmark and size:
 * a reader reloading or scrolling back is answered without rendering a card. What a page shows
 * changes only with what these caches hear of (pins and their counts; readers' likes, saves and
 * blocks; networks, which every new, moved or deleted pin and every follow touches), so a page
 * is trusted only while none of them has forgotten anything since it was built (their stamps):
 * every such change, on any instance, drops it at once. A short lifetime bounds anything else.
 */
export function createPageCache(caches: Caches) {
  const sources = [caches.of('pins'), caches.of('readers'), caches.of('feeds')]
  const pages = new Map<string, Entry>()
  const stampsNow = () => sources.map((c) => c.stamp())

  return {
    /** The stamps to `set` a page with: taken before it is built. */
    stamps: stampsNow,

    get(key: string): { body: JsonText; served: Served } | undefined {
      const entry = pages.get(key)
      if (!entry) return undefined
      const fresh =
        entry.expires > Date.now() && sources.every((c, i) => c.stamp() === entry.stamps[i])
      if (!fresh) {
        pages.delete(key)
        return undefined
      }
      return entry
    },

    set(key: string, body: JsonText, served: Served, stamps: number[]): void {
      if (!sources.every((c, i) => c.stamp() === stamps[i])) return
      if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!)
      pages.set(key, { body, served, stamps, expires: Date.now() + TTL_MS })
    },
  }
}
