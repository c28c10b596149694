import type { Caches } from '../caches'
import { detailsOf, walk, type CardDetail, type CardRef, type Item } from './cards'
import type { FeedRepository } from './repository'

/** How many of the newest pins of a reader's network are kept in memory once read. */
const HEAD = 256
/** How many network pins a read past the head takes at a time. */
const BATCH = 200

/** The newest pins of a reader's network, and the details of every card they open. */
interface Head {
  /** those with a card to show (a card without savings, e.g. a suspended account's, has none) */
  items: Item[]
  /** the whole network fits in the head */
  complete: boolean
  /** the oldest network pin read (0: none): the database takes over below it */
  cursor: number
  details: Map<number, CardDetail>
}

export interface CardPage {
  cards: CardRef[]
  details: Map<number, CardDetail>
}

/**
 * A reader's network as pages of cards (see cards.ts): from memory (without a promise) when the
 * page lies within the newest pins of a network already read, else from the database. Every
 * change to a network drops its head (timeline.ts declares the readers, `feeds`).
 */
export function createNetworkCards(repo: FeedRepository, caches: Caches) {
  const heads = caches.of<number, Head>('feeds')

  async function details(viewerId: number, roots: number[]) {
    const { savings, existing } = await repo.savings(viewerId, roots)
    return detailsOf(viewerId, savings, existing)
  }

  async function loadHead(viewerId: number): Promise<Head> {
    const stamp = heads.stamp()
    const items = await repo.items(viewerId, null, HEAD)
    const known = await details(viewerId, [...new Set(items.map((i) => i.root))])
    const head: Head = {
      // a card without details is never shown: left out here, not looked up on every page
      items: items.filter((i) => known.has(i.root)),
      complete: items.length < HEAD,
      cursor: items[items.length - 1]?.pin ?? 0,
      details: known,
    }
    heads.set(viewerId, head, stamp)
    return head
  }

  /**
   * The head's share of a page: null when the bookmark lies past the head. Otherwise the
   * cards found (done: the page is whole, or the network ends) and the roots to skip from
   * there on (every root with a network pin at or after the last pin read).
   */
  function fromHead(head: Head, bookmarkId: number | null, want: number) {
    if (bookmarkId !== null && !head.complete && bookmarkId < head.cursor) return null
    const skip = new Set<number>()
    let start = 0
    if (bookmarkId !== null) {
      for (; start < head.items.length && head.items[start]!.pin >= bookmarkId; start++) {
        skip.add(head.items[start]!.root)
      }
    }
    const cards: CardRef[] = []
    walk(head.items, start, skip, want, cards)
    return { cards, skip, done: cards.length >= want || head.complete, cursor: head.cursor }
  }

  /** The rest of a page from the database, below `cursor`, skipping the roots in `skip`. */
  async function fromDatabase(
    viewerId: number,
    cursor: number,
    skip: Set<number>,
    want: number,
    cards: CardRef[],
  ) {
    while (cards.length < want) {
      const batch = await repo.items(viewerId, cursor, BATCH)
      walk(batch, 0, skip, want, cards)
      if (batch.length < BATCH) break
      cursor = batch[batch.length - 1]!.pin
    }
  }

  async function withDetails(viewerId: number, cards: CardRef[], known: Map<number, CardDetail>) {
    const missing = cards.filter((c) => !known.has(c.root)).map((c) => c.root)
    if (missing.length === 0) return { cards, details: known }
    const loaded = await details(viewerId, missing)
    for (const [root, detail] of known) loaded.set(root, detail)
    // a card whose pins all went meanwhile has no details: left out
    return { cards: cards.filter((c) => loaded.has(c.root)), details: loaded }
  }

  async function pageLoading(
    viewerId: number,
    bookmarkId: number | null,
    want: number,
  ): Promise<CardPage> {
    const head = heads.get(viewerId) ?? (await loadHead(viewerId))
    const part = fromHead(head, bookmarkId, want)
    if (part?.done) return withDetails(viewerId, part.cards, head.details)
    const cards = part?.cards ?? []
    const skip = part?.skip ?? (await repo.rootsSince(viewerId, bookmarkId!))
    await fromDatabase(viewerId, part ? part.cursor : bookmarkId!, skip, want, cards)
    return withDetails(viewerId, cards, head.details)
  }

  return {
    /**
     * Up to `want` cards after the card whose activity is `bookmarkId` (null: from the top),
     * newest activity first, with their details.
     */
    page(viewerId: number, bookmarkId: number | null, want: number): CardPage | Promise<CardPage> {
      const head = heads.get(viewerId)
      if (head) {
        const part = fromHead(head, bookmarkId, want)
        if (part?.done && part.cards.every((c) => head.details.has(c.root))) {
          return { cards: part.cards, details: head.details }
        }
      }
      return pageLoading(viewerId, bookmarkId, want)
    },
  }
}
