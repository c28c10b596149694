import type { Insertable } from 'kysely'
import type { PinTable } from '../db/schema'
import type { PromotionTable } from '../db/schema-brands'
import type { BrandLedger } from './brand-history'
import { DAY_MS, dayOf } from './brand-history'
import type { MessageBook, PlannedMessage } from './brand-messages'
import type { PersonIdea } from './people'
import type { Rng } from './prng'

/** A brand's own pin, as its repins copy it. */
export type BrandPin = Omit<Insertable<PinTable>, 'id'> & { id: number; created_at: string }

/** The seeded world, as the brands' activity needs it. */
export interface WorldView {
  people: PersonIdea[]
  userIds: number[]
  /** `${follower}>${followee}` */
  follows: Set<string>
  /** each person's public boards */
  publicBoards: Map<number, number[]>
  /** each brand's own public pins (not repins), oldest first */
  brandPins: Map<number, BrandPin[]>
  /** the repins already made of a pin: who and when */
  repinsOf: (pinId: number) => { owner_id: number; created_at: string }[]
  /** UTC midnight today (ms): every planned act is before it */
  today: number
}

/** Someone's act on a promoted pin. */
export interface Act {
  userId: number
  at: number
  how: 'save' | 'send'
}

export interface PlannedPromotion {
  row: Insertable<PromotionTable> & { id: number }
  brandId: number
  brandIndex: number
  person: PersonIdea
  pin: BrandPin
  acts: Act[]
  /** the messages that sent the pin (their conversations are known once the book is finished) */
  sends: PlannedMessage[]
  /** when the brand started its thank-you run */
  runAt: number
}

/** Where each brand's promotion sits, in days from today, and when it ran its thank-yous. */
const WINDOWS = [
  { start: -14, end: 7, run: -3 },
  { start: -10, end: 4, run: -2 },
  { start: -21, end: -2, run: -1 },
]

export const PROMOTION_NAMES: Record<string, string> = {
  trailhead: 'Trail days',
  maisonverte: 'Green corners week',
  copperpot: 'One-pot suppers',
}

const SEND_TEXTS = [
  'Look at this!',
  'This would be perfect for us',
  'Saw this and thought of you',
  'We need this',
  'For the weekend?',
  null,
]
const REPLIES = ['Love it!', 'Ooh yes', 'Saving it now', 'Perfect, let’s do it', 'Haha so us']

/** A pin saved by the demo: a repin onto one of the saver's public boards. */
export type PlannedRepin = Insertable<PinTable> & { id: number; created_at: string }

/**
 * Each brand's promotion of its most saved pin (one made well before the window), and what
 * demo people did with it inside the window: saves onto their boards and sends to friends in
 * 1:1 conversations (a friend sometimes saves it from the card, or answers). Most act before
 * the brand's thank-you run, two after it (a later run would thank them).
 */
export function planPromotions(
  rng: Rng,
  world: WorldView,
  after: { pin: number; promotion: number },
  book: MessageBook,
  ledgers: Map<number, BrandLedger>,
) {
  const { people, userIds, follows, today } = world
  const follow = (a: number, b: number) => follows.has(`${a}>${b}`)
  const iso = (ms: number) => new Date(ms).toISOString()
  const promotions: PlannedPromotion[] = []
  const repins: PlannedRepin[] = []
  const pinners = userIds.filter((_, i) => !people[i]!.business_name)
  const interestsOf = new Map(userIds.map((id, i) => [id, people[i]!.interests]))
  let brandIndex = -1
  people.forEach((person, i) => {
    if (!person.business_name) return
    brandIndex++
    const brandId = userIds[i]!
    const window = WINDOWS[brandIndex % WINDOWS.length]!
    const start = today + window.start * DAY_MS
    const end = today + (window.end + 1) * DAY_MS
    const runAt = today + window.run * DAY_MS + (10 + brandIndex) * 3600_000
    const best = [...(world.brandPins.get(brandId) ?? [])]
      .filter((p) => Date.parse(p.created_at) < start - 7 * DAY_MS)
      .sort((a, b) => (b.save_count ?? 0) - (a.save_count ?? 0) || a.id - b.id)[0]
    if (!best) return
    const pin: BrandPin = best
    const promotion: PlannedPromotion = {
      row: {
        id: after.promotion + promotions.length + 1,
        brand_id: brandId,
        pin_id: pin.id,
        name: PROMOTION_NAMES[person.username] ?? `${person.business_name} spotlight`,
        start_date: dayOf(start),
        end_date: dayOf(end - DAY_MS),
        counts: 'either',
        created_at: iso(start - 2 * DAY_MS + 9.5 * 3600_000),
      },
      brandId,
      brandIndex,
      person,
      pin,
      acts: world.repinsOf(pin.id).map((r) => ({
        userId: r.owner_id,
        at: Date.parse(r.created_at),
        how: 'save' as const,
      })),
      sends: [],
      runAt,
    }
    promotions.push(promotion)
    const ledger = ledgers.get(brandId)!
    const savers = new Set(promotion.acts.map((a) => a.userId))

    // who takes part: friends of the brand first, some who follow it one way, a couple who don't
    const shares = (id: number) =>
      interestsOf.get(id)!.filter((t) => person.interests.includes(t)).length
    const ranked = (list: number[]) =>
      rng.shuffle([...list]).sort((a, b) => Number(shares(b) > 0) - Number(shares(a) > 0))
    const mutual = ranked(pinners.filter((p) => follow(p, brandId) && follow(brandId, p)))
    const oneWay = ranked(pinners.filter((p) => follow(p, brandId) && !follow(brandId, p)))
    const strangers = ranked(pinners.filter((p) => !follow(p, brandId)))
    // the demo's guide (the first person) takes part in the first brand's promotion
    const guide = userIds[0]!
    if (brandIndex === 0 && mutual.includes(guide))
      mutual.unshift(...mutual.splice(mutual.indexOf(guide), 1))
    const chosen = [...mutual.slice(0, 6), ...oneWay.slice(0, 2), ...strangers.slice(0, 2)]
    const late =
      end > runAt
        ? rng.sample(
            chosen.filter((c) => c !== guide),
            2,
          )
        : []

    const lastAt = Math.min(end, today) - 60_000
    for (const userId of chosen) {
      const isLate = late.includes(userId)
      const from = isLate ? runAt + 2 * 3600_000 : start + 3600_000
      const to = isLate ? lastAt : Math.min(runAt, end) - 3600_000
      if (to <= from) continue
      const at = Math.round(from + rng.next() * (to - from))
      const friends = pinners.filter((f) => f !== userId && follow(userId, f) && follow(f, userId))
      const boards = world.publicBoards.get(userId) ?? []
      const roll = rng.next()
      const wantsSave =
        boards.length > 0 && !savers.has(userId) && (roll < 0.4 || roll >= 0.75 || !friends.length)
      const wantsSend = friends.length > 0 && (roll >= 0.4 || !wantsSave)
      if (wantsSave) save(userId, at)
      if (wantsSend) send(userId, rng.pick(friends), wantsSave ? at + rng.int(5, 90) * 60_000 : at)
    }

    function save(userId: number, at: number, via?: PlannedMessage) {
      const boards = world.publicBoards.get(userId) ?? []
      if (boards.length === 0 || savers.has(userId) || at >= today) return
      savers.add(userId)
      const { id: _id, owner_id: _o, board_id: _b, created_at: _c, ...copy } = pin
      repins.push({
        ...copy,
        id: after.pin + repins.length + 1,
        owner_id: userId,
        board_id: rng.pick(boards),
        board_section_id: null,
        secret: 0,
        parent_pin_id: pin.id,
        save_count: 0,
        like_count: 0,
        click_count: 0,
        created_at: iso(at),
      })
      pin.save_count = (pin.save_count ?? 0) + 1
      promotion.acts.push({ userId, at, how: 'save' })
      ledger.add(pin.id, dayOf(at), 'saves')
      if (via) {
        book.cardAction(via, userId, 'save', at)
        ledger.add(pin.id, dayOf(at), 'saves_via_message')
        ledger.credit(via.sender_id, 'saves_via_message')
      }
    }

    function send(userId: number, friend: number, at: number) {
      if (at >= today) return
      const message = book.send({
        pair: [userId, friend],
        sender_id: userId,
        at,
        client_message_id: `demo-${promotion.row.id}-${userId}`,
        text: rng.pick(SEND_TEXTS),
        attachment: { type: 'pin', id: pin.id },
        promotion_id: null,
      })
      promotion.acts.push({ userId, at, how: 'send' })
      promotion.sends.push(message)
      ledger.add(pin.id, dayOf(at), 'message_sends')
      ledger.credit(userId, 'sends')
      const reply = at + rng.int(10, 300) * 60_000
      if (rng.chance(0.5) && reply < today) {
        book.send({
          pair: [userId, friend],
          sender_id: friend,
          at: reply,
          client_message_id: `demo-reply-${promotion.row.id}-${userId}`,
          text: rng.pick(REPLIES),
          attachment: null,
          promotion_id: null,
        })
      }
      if (rng.chance(0.35)) save(friend, at + rng.int(60, 1200) * 60_000, message)
    }
  })
  return { promotions, repins }
}

/** The participants a run started at `runAt` set out to thank: first act in the window, each. */
export function snapshotOf(p: PlannedPromotion, before: number): Act[] {
  const start = Date.parse(`${p.row.start_date}T00:00:00.000Z`)
  const end = Date.parse(`${p.row.end_date}T00:00:00.000Z`) + DAY_MS
  const first = new Map<number, Act>()
  const acts = [...p.acts].sort((a, b) => a.at - b.at || a.userId - b.userId)
  for (const act of acts) {
    if (act.userId === p.brandId || act.at < start || act.at >= end || act.at >= before) continue
    if (!first.has(act.userId)) first.set(act.userId, act)
  }
  return [...first.values()]
}
