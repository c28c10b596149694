/**
 * The home feed's network phase as cards: one card per original pin (the root of a save
 * chain, pins.root_pin_id), however many people of the viewer's network saved it.
 *
 * A card's place is its activity: the newest pin of the viewer's network in it (its pin id).
 * Cards are served newest activity first, and a page's bookmark is the activity of its last
 * card: the next page takes the cards whose every network pin is older than that. So a new
 * save of a card already served lifts that card above the bookmark, where later pages never
 * look: no card (and so no pin) is served on two pages, however many saves arrive meanwhile.
 * (The other way round is not kept: a card whose newest network pin goes — deleted, or its
 * saver unfollowed — moves down, and a reader paging past it then may meet it once more.)
 *
 * A card shows its original pin, or, when the viewer may not see it (secret, deleted, or its
 * owner and the viewer have a block), the newest save in the viewer's network; and `saved_by`:
 * who of the network saved it (the viewer first, as "You"), the first three and the count.
 */

/** A pin of the viewer's network and the root of its save chain (itself for an original). */
export interface Item {
  pin: number
  root: number
}

/** A network pin of a card, with who saved (or made) it. */
export interface Saving extends Item {
  ownerId: number
  username: string
}

/** A card of a page: its root, and its activity (the newest network pin in it). */
export interface CardRef {
  root: number
  activity: number
}

/** What a card shows, besides its pin. */
export interface CardDetail {
  /** whether the original still exists (else its newest save is shown) */
  rootExists: boolean
  /** the newest pin of the viewer's network in the card */
  newest: number
  /** the card's closing bytes: `,"saved_by":{…}}` */
  tail: Buffer
}

/** How many people `saved_by` names; the count says how many in all. */
export const SAVED_BY_NAMED = 3

/** Closes a pin that nobody of the viewer's network saved (popular pins, anonymous readers). */
export const NO_SAVERS = Buffer.from(`,"saved_by":{"users":[],"count":0}}`)

/**
 * Walks network pins (newest first, from `start`) into cards: the first pin of a root opens
 * its card, a root in `skip` (above the bookmark, or taken already) is passed over. Stops
 * once `out` holds `want` cards.
 */
export function walk(
  items: readonly Item[],
  start: number,
  skip: Set<number>,
  want: number,
  out: CardRef[],
): void {
  for (let i = start; i < items.length && out.length < want; i++) {
    const { pin, root } = items[i]!
    if (skip.has(root)) continue
    skip.add(root)
    out.push({ root, activity: pin })
  }
}

/** The `saved_by` tail of one card from its network pins (any order). */
function tailOf(viewerId: number, savings: Saving[]): { newest: number; tail: Buffer } {
  savings.sort((a, b) => b.pin - a.pin)
  const names: string[] = []
  const seen = new Set<number>()
  let you = false
  for (const s of savings) {
    if (seen.has(s.ownerId)) continue
    seen.add(s.ownerId)
    if (s.ownerId === viewerId) you = true
    else names.push(s.username)
  }
  const you1st = you ? [savings.find((s) => s.ownerId === viewerId)!.username, ...names] : names
  const users = you1st.slice(0, SAVED_BY_NAMED).map((username) => ({ username }))
  return {
    newest: savings[0]!.pin,
    tail: Buffer.from(`,"saved_by":${JSON.stringify({ users, count: seen.size })}}`),
  }
}

/** Each card's details from its network pins; a card without any is left out. */
export function detailsOf(
  viewerId: number,
  savings: readonly Saving[],
  existing: ReadonlySet<number>,
): Map<number, CardDetail> {
  const byRoot = new Map<number, Saving[]>()
  for (const s of savings) {
    const list = byRoot.get(s.root)
    if (list) list.push(s)
    else byRoot.set(s.root, [s])
  }
  const out = new Map<number, CardDetail>()
  for (const [root, list] of byRoot) {
    out.set(root, { rootExists: existing.has(root), ...tailOf(viewerId, list) })
  }
  return out
}

/** A JSON object's pieces with `tail` in place of its closing brace. */
export function closedWith(pieces: readonly Buffer[], tail: Buffer): Buffer[] {
  const last = pieces[pieces.length - 1]!
  return [...pieces.slice(0, -1), last.subarray(0, last.length - 1), tail]
}
