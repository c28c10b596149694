import type { Insertable } from 'kysely'
import type {
  PromotionRunItemTable,
  PromotionRunTable,
  PromotionThankTable,
  RunOutcome,
} from '../db/schema-brands'
import type { MessageBook, PlannedMessage } from './brand-messages'
import { snapshotOf, type PlannedPromotion } from './brand-plan'

/** Each brand's thank-you: `{name}` (business name or username) and `{username}` filled in. */
export const THANK_YOU_TEMPLATES: Record<string, string> = {
  trailhead:
    'Hi {name}, thanks for sharing our trail kit with your friends! Tag your next trip #trailhead, we love seeing where you go.',
  maisonverte:
    'Thank you {name}! Every save helps another home go green. Show a friend who needs more plants in their life 🌿',
  copperpot:
    'Thanks for cooking along with us, {name}! Send the recipe to a friend who loves to cook, dinner is better shared.',
}

/** What the messaging rules said about the brand messaging someone, in the API's words. */
export type Decision = 'ok' | Exclude<RunOutcome, 'sent' | 'already_thanked'>

/**
 * The brand's finished thank-you run, as the job chain leaves it: the participants taken when
 * it started, in order; each either sent an individual 1:1 (one a second at most, the default
 * pace) or skipped with the rules' reason; counts matching its items; everyone sent to is in
 * promotion_thanks. Message ids are known once the book is finished: call `rows()` then.
 */
export function planRun(
  p: PlannedPromotion,
  runId: number,
  decide: (userId: number) => Decision,
  nameOf: (userId: number) => { username: string; business_name: string | null },
  book: MessageBook,
) {
  const iso = (ms: number) => new Date(ms).toISOString()
  const template =
    THANK_YOU_TEMPLATES[p.person.username] ??
    'Thank you {name} for taking part in our promotion! Share it with a friend who would love it.'
  const participants = snapshotOf(p, p.runAt)
  const outcomes: {
    userId: number
    outcome: RunOutcome
    message: PlannedMessage | null
    at: number
  }[] = []
  let at = p.runAt + 150
  let lastSend = -Infinity
  for (const { userId } of participants) {
    const decision = decide(userId)
    let message: PlannedMessage | null = null
    if (decision === 'ok') {
      at = Math.max(at, lastSend + 1000)
      lastSend = at
      const who = nameOf(userId)
      message = book.send({
        pair: [p.brandId, userId],
        sender_id: p.brandId,
        at,
        client_message_id: `thank-you:${p.row.id}:${userId}`,
        text: template
          .replaceAll('{name}', who.business_name ?? who.username)
          .replaceAll('{username}', who.username),
        attachment: null,
        promotion_id: p.row.id,
      })
    }
    outcomes.push({ userId, outcome: decision === 'ok' ? 'sent' : decision, message, at })
    at += 20
  }
  const finished = at + 30
  const count = (o: RunOutcome) => outcomes.filter((x) => x.outcome === o).length

  return {
    sent: count('sent'),
    participants: participants.length,
    rows() {
      const run: Insertable<PromotionRunTable> & { id: number } = {
        id: runId,
        promotion_id: p.row.id,
        brand_id: p.brandId,
        client_run_id: `demo-${p.row.id}`,
        template,
        attachment_type: null,
        attachment_id: null,
        status: 'done',
        step: outcomes.length,
        total: outcomes.length,
        sent: count('sent'),
        skipped_not_mutual: count('not_mutual'),
        skipped_blocked: count('blocked'),
        skipped_policy_nobody: count('policy_nobody'),
        skipped_already_thanked: count('already_thanked'),
        created_at: iso(p.runAt),
        updated_at: iso(finished),
        finished_at: iso(finished),
      }
      const items: Insertable<PromotionRunItemTable>[] = outcomes.map((o) => ({
        run_id: runId,
        user_id: o.userId,
        outcome: o.outcome,
        message_id: o.message?.id ?? null,
        done_at: iso(o.at),
      }))
      const thanks: Insertable<PromotionThankTable>[] = outcomes
        .filter((o) => o.message)
        .map((o) => ({
          promotion_id: p.row.id,
          user_id: o.userId,
          brand_id: p.brandId,
          run_id: runId,
          message_id: o.message!.id,
          thanked_at: iso(o.at),
        }))
      return { run, items, thanks }
    },
  }
}
