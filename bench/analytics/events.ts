/**
 * The analytics bench's events, made in the server process and handed to the real recorder's
 * synchronous API (`pin`, `impressions`): a mix like a day of use — mostly impressions served
 * a page at a time, then close-ups, clicks, saves and the message metrics — on the brands'
 * pins with a skewed popularity, by people of the data set. Time is compressed: the clock the
 * recorder is given walks through `days` days as the events go, so that the events of the run
 * land on every day of the range a 90-day query reads.
 */
import type { AnalyticsSink, PinMetric } from '../../server/domain/analytics/recorder'
import { createRng } from '../../server/demo/prng'

/** Impressions come a page at a time. */
const PAGE = 20
/** Of every 100 events, 80 are impressions (four pages); the other 20 are one of these each. */
const OTHERS: [PinMetric, number][] = [
  ['closeups', 9],
  ['source_clicks', 3],
  ['saves', 2],
  ['message_sends', 2.5],
  ['saves_via_message', 1],
  ['clicks_via_message', 1.2],
  ['invites_sent', 0.8],
  ['invites_accepted', 0.5],
]

export interface EventPlan {
  /** the pins events are about (owner: a business account) */
  pins: { id: number; ownerId: number }[]
  /** the people who see, save, send and invite */
  actors: number[]
  total: number
  seed: string
}

export function createEventSource(plan: EventPlan) {
  const rng = createRng(plan.seed)
  const pins = rng.shuffle([...plan.pins])
  const actors = plan.actors
  let emitted = 0
  // popularity: the first pins of the shuffled list get most events (u³ skew)
  const pickPin = () => pins[Math.floor(pins.length * rng.next() ** 3)]!
  const pickActor = () => actors[Math.floor(actors.length * rng.next())]!
  const others: PinMetric[] = []
  for (const [metric, share] of OTHERS) {
    for (let i = 0; i < share * 10; i++) others.push(metric)
  }
  const page: { id: number; ownerId: number }[] = new Array(PAGE)

  return {
    emitted: () => emitted,
    /** emits events until `upTo` (or the total) have been emitted; one page may overshoot */
    emitUntil(sink: AnalyticsSink, upTo: number) {
      const until = Math.min(upTo, plan.total)
      while (emitted < until) {
        const slot = emitted % 100
        if (slot < 80 && until - emitted >= PAGE) {
          for (let i = 0; i < PAGE; i++) page[i] = pickPin()
          sink.impressions(pickActor(), page)
          emitted += PAGE
          continue
        }
        const pin = pickPin()
        const actor = pickActor()
        const metric = slot < 80 ? 'closeups' : others[Math.floor(rng.next() * others.length)]!
        sink.pin({
          pinId: pin.id,
          ownerId: pin.ownerId,
          actorId: actor,
          metric,
          conversationId: metric === 'message_sends' ? 1 + rng.int(0, 49_999) : undefined,
          inviterId: metric === 'invites_sent' ? actor : undefined,
          creditUserId:
            metric === 'message_sends' ||
            metric === 'saves_via_message' ||
            metric === 'clicks_via_message'
              ? actor
              : metric === 'invites_accepted'
                ? pickActor()
                : undefined,
        })
        emitted++
      }
    },
  }
}
