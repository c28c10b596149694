import type { Insertable } from 'kysely'
import type {
  AnalyticsPinConversationTable,
  AnalyticsPinInviterTable,
  BrandInfluenceTable,
} from '../db/schema-brands'
import type { Rng } from './prng'
import { PIN_METRICS } from '../domain/analytics/writer'

export const DAY_MS = 86_400_000
/** The UTC day (YYYY-MM-DD) of a time. */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * The history's conversations are those of an audience beyond the demo's few people: their ids
 * start here, far past any real conversation's, so no real one is ever counted with them.
 */
export const HISTORY_CONVERSATION_BASE = 1_000_000_000_000

/** the columns of analytics_pin_days, as the recorder writes them */
export const METRICS = PIN_METRICS
export type Metric = (typeof METRICS)[number]
export type DayRow = { pin_id: number; owner_id: number; day: string } & Record<Metric, number>
type Credit = 'sends' | 'saves_via_message' | 'clicks_via_message' | 'invites_accepted'
export type InfluenceRow = Insertable<BrandInfluenceTable> & Record<Credit, number>

/**
 * One brand's analytics as the recorder would have written them: counts per pin and day, the
 * distinct conversations and inviters behind them, and what each person did for the brand.
 */
export class BrandLedger {
  private readonly days = new Map<string, DayRow>()
  private readonly conversations = new Map<string, Insertable<AnalyticsPinConversationTable>>()
  private readonly inviters = new Map<string, Insertable<AnalyticsPinInviterTable>>()
  private readonly influence = new Map<number, InfluenceRow>()

  constructor(readonly brandId: number) {}

  add(pinId: number, day: string, metric: Metric, n = 1) {
    if (n === 0) return
    const key = `${pinId}:${day}`
    let row = this.days.get(key)
    if (!row) {
      row = { pin_id: pinId, owner_id: this.brandId, day } as DayRow
      for (const m of METRICS) row[m] = 0
      this.days.set(key, row)
    }
    row[metric] += n
  }

  conversation(pinId: number, day: string, conversationId: number) {
    const row = { pin_id: pinId, owner_id: this.brandId, day, conversation_id: conversationId }
    this.conversations.set(`${pinId}:${day}:${conversationId}`, row)
  }

  inviter(pinId: number, day: string, userId: number) {
    this.inviters.set(`${pinId}:${day}:${userId}`, {
      pin_id: pinId,
      owner_id: this.brandId,
      day,
      user_id: userId,
    })
  }

  /** credits a person (never the brand itself, as the recorder does) */
  credit(userId: number, what: Credit, n = 1) {
    if (userId === this.brandId || n === 0) return
    let row = this.influence.get(userId)
    if (!row) {
      row = {
        brand_id: this.brandId,
        user_id: userId,
        sends: 0,
        saves_via_message: 0,
        clicks_via_message: 0,
        invites_accepted: 0,
      }
      this.influence.set(userId, row)
    }
    row[what] += n
  }

  rows() {
    const byKey = <T>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
    return {
      days: byKey(this.days).map(([, r]) => r),
      conversations: byKey(this.conversations).map(([, r]) => r),
      inviters: byKey(this.inviters).map(([, r]) => r),
      influence: [...this.influence.values()].sort((a, b) => a.user_id - b.user_id),
    }
  }
}

/** Busier at the weekend, quietest on Monday (index: getUTCDay). */
const WEEK = [1.25, 0.85, 0.9, 0.95, 1, 1.1, 1.3]

export interface HistoryInput {
  rng: Rng
  ledger: BrandLedger
  /** the brand's own pins and when each was made */
  pins: { id: number; created_at: string }[]
  promotion: { pinId: number; start: string; end: string } | null
  /** the history covers the `days` days before this one (UTC midnight, ms) */
  until: number
  days: number
  /** who sends the brand's pins in messages and invites with them (weighted) */
  audience: { userId: number; weight: number }[]
  /** a number of the brand's own, so that brands draw different conversation ids */
  brandIndex: number
}

/**
 * Plausible, deterministic history: a brand-sized daily total with a weekly rhythm and slow
 * growth, spread over its pins by a skewed popularity, a bump for the promoted pin during its
 * promotion; each day's funnel (impressions → close-ups → saves, clicks, sends → …) drawn from
 * rates, and every message metric credited to a person of the audience.
 */
export function writeHistory(input: HistoryInput) {
  const { rng, ledger, promotion, until, days, audience } = input
  if (input.pins.length === 0 || audience.length === 0) return
  // stochastic rounding keeps small expected counts honest (0.3 a day is 1 on some days)
  const round = (x: number) => Math.floor(x) + (rng.next() < x - Math.floor(x) ? 1 : 0)
  const cumulative: number[] = []
  let total = 0
  for (const a of audience) cumulative.push((total += a.weight))
  const someone = () => {
    const x = rng.next() * total
    return audience[
      Math.max(
        0,
        cumulative.findIndex((c) => c > x),
      )
    ]!.userId
  }
  const pool = (k: number) => HISTORY_CONVERSATION_BASE + input.brandIndex * 1_000_000 + k
  const popularity = new Map(
    rng.shuffle([...input.pins]).map((p, rank) => [p.id, 1 / Math.pow(rank + 1, 0.8)]),
  )
  const base = rng.range(300, 650)

  for (let d = 0; d < days; d++) {
    const start = until - (days - d) * DAY_MS
    const day = dayOf(start)
    const promoting = !!promotion && day >= promotion.start && day <= promotion.end
    const growth = 0.65 + (0.35 * d) / Math.max(1, days - 1)
    const wanted =
      base *
      growth *
      WEEK[new Date(start).getUTCDay()]! *
      rng.range(0.88, 1.12) *
      (promoting ? 1.3 : 1)
    const live = input.pins.filter((p) => Date.parse(p.created_at) < start + DAY_MS)
    const weight = (id: number) =>
      popularity.get(id)! * (promoting && id === promotion.pinId ? 6 : 1)
    const sum = live.reduce((s, p) => s + weight(p.id), 0)
    for (const pin of live) {
      const impressions = round((wanted * weight(pin.id) * rng.range(0.7, 1.3)) / sum)
      if (impressions === 0) continue
      const closeups = round(impressions * rng.range(0.04, 0.09))
      const boost = promoting && pin.id === promotion.pinId ? 2 : 1
      const sends = round(closeups * rng.range(0.03, 0.08) * boost)
      const senders: number[] = []
      for (let s = 0; s < sends; s++) {
        const sender = someone()
        senders.push(sender)
        ledger.credit(sender, 'sends')
        // now and then a second send in a conversation the pin was already sent in that day
        ledger.conversation(pin.id, day, pool(rng.int(0, 299)))
      }
      const viaMessage = (share: number, what: 'saves_via_message' | 'clicks_via_message') => {
        const n = sends ? round(sends * share) : 0
        for (let i = 0; i < n; i++) ledger.credit(rng.pick(senders), what)
        return n
      }
      const savesVia = viaMessage(0.3, 'saves_via_message')
      const clicksVia = viaMessage(0.4, 'clicks_via_message')
      const invites = sends ? round(sends * 0.15) : 0
      let accepted = 0
      for (let i = 0; i < invites; i++) {
        const inviter = rng.pick(senders)
        ledger.inviter(pin.id, day, inviter)
        if (rng.chance(0.5)) {
          accepted++
          ledger.credit(inviter, 'invites_accepted')
        }
      }
      ledger.add(pin.id, day, 'impressions', impressions)
      ledger.add(pin.id, day, 'closeups', closeups)
      ledger.add(pin.id, day, 'saves', Math.max(savesVia, round(closeups * rng.range(0.08, 0.2))))
      ledger.add(
        pin.id,
        day,
        'source_clicks',
        Math.max(clicksVia, round(closeups * rng.range(0.15, 0.3))),
      )
      ledger.add(pin.id, day, 'message_sends', sends)
      ledger.add(pin.id, day, 'saves_via_message', savesVia)
      ledger.add(pin.id, day, 'clicks_via_message', clicksVia)
      ledger.add(pin.id, day, 'invites_sent', invites)
      ledger.add(pin.id, day, 'invites_accepted', accepted)
    }
  }
}
