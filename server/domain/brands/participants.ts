import { sql } from 'kysely'
import type { Static } from 'typebox'
import type { Page } from '../../../protocol/api'
import type { Participant as ParticipantSchema } from '../../../protocol/schemas/brands'
import type { Db } from '../../db/database'
import type { GraphService } from '../graph/service'
import { userSummaryColumns, type UserSummaryRow } from '../graph/user-summary'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf } from '../pagination'
import type { Units } from '../unit'
import { requireBusiness } from './access'
import { windowOf } from './dates'
import { eligibility, followingBrandOnly } from './eligibility'
import { getOwnPromotion, type PageRequest, type PromotionRow } from './promotions'

export type Participant = Static<typeof ParticipantSchema>

/** One person who took part: their first qualifying act inside the promotion's window. */
export interface ParticipantAct {
  user_id: number
  took_part_at: string
  how: 'save' | 'send'
}

type PromotionRef = Pick<PromotionRow, 'brand_id' | 'pin_id' | 'start_date' | 'end_date' | 'counts'>

/**
 * The acts that count, one row per person: `took_part_at` their first act in the window
 * (UTC dates, both included), `first_save` the first of them that was a save (null if none).
 * Saves are pins saved from the promotion's pin; sends are messages carrying it; the brand's
 * own acts never count.
 */
function firstActs(conn: Db, p: PromotionRef) {
  const { from, until } = windowOf(p.start_date, p.end_date)
  const saves = conn
    .selectFrom('pins')
    .select([
      'owner_id as user_id',
      'created_at as at',
      sql<string | null>`created_at`.as('save_at'),
    ])
    .where('parent_pin_id', '=', p.pin_id)
    .where('created_at', '>=', from)
    .where('created_at', '<', until)
    .where('owner_id', '<>', p.brand_id)
  const sends = conn
    .selectFrom('messages')
    .select([
      'sender_id as user_id',
      'created_at as at',
      sql<string | null>`cast(null as text)`.as('save_at'),
    ])
    .where('attachment_type', '=', 'pin')
    .where('attachment_id', '=', p.pin_id)
    .where('created_at', '>=', from)
    .where('created_at', '<', until)
    .where('sender_id', '<>', p.brand_id)
  const acts = p.counts === 'save' ? saves : p.counts === 'send' ? sends : saves.unionAll(sends)
  return conn
    .selectFrom(acts.as('acts'))
    .select(({ fn }) => [
      'acts.user_id',
      fn.min('acts.at').as('took_part_at'),
      fn.min('acts.save_at').as('first_save'),
    ])
    .groupBy('acts.user_id')
}

const howOf = (r: { took_part_at: string; first_save: string | null }): 'save' | 'send' =>
  r.first_save !== null && r.first_save === r.took_part_at ? 'save' : 'send'

/**
 * Every participant of a promotion (ids, when and how each first took part), in order of
 * took_part_at then user id — what a thank-you run snapshots when it starts.
 */
export async function participantsOf(conn: Db, promotion: PromotionRef): Promise<ParticipantAct[]> {
  const rows = await conn
    .selectFrom(firstActs(conn, promotion).as('f'))
    .selectAll('f')
    .orderBy('f.took_part_at')
    .orderBy('f.user_id')
    .execute()
  return rows.map((r) => ({
    user_id: Number(r.user_id),
    took_part_at: r.took_part_at,
    how: howOf(r),
  }))
}

/** The participant lists the brand sees: who took part, whether it may message them now. */
export function createParticipants(deps: { units: Units; graph: Pick<GraphService, 'toSummary'> }) {
  const { db } = deps.units

  return {
    async list(
      brandId: number,
      promotionId: string,
      page: PageRequest,
    ): Promise<Page<Participant>> {
      await requireBusiness(db, brandId)
      const promotion = await getOwnPromotion(db, brandId, promotionId)
      const size = page.page_size ?? DEFAULT_PAGE_SIZE
      const after = decodeBookmark(page.bookmark, { at: 'time', id: 'id' })
      let q = db
        .selectFrom(firstActs(db, promotion).as('f'))
        .innerJoin('users as u', 'u.id', 'f.user_id')
        .select((eb) => [
          ...userSummaryColumns(eb, brandId),
          'f.took_part_at as since',
          'f.first_save',
        ])
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb('f.took_part_at', '>', after.at),
            eb.and([eb('f.took_part_at', '=', after.at), eb('f.user_id', '>', after.id)]),
          ]),
        )
      }
      const rows = (await q
        .orderBy('f.took_part_at')
        .orderBy('f.user_id')
        .limit(size + 1)
        .execute()) as (UserSummaryRow & { first_save: string | null })[]
      const ids = rows.slice(0, size).map((r) => Number(r.id))
      const [eligible, followsOnly, thanks] = await Promise.all([
        eligibility(db, brandId, ids),
        followingBrandOnly(db, brandId, ids),
        thankedAt(db, promotion.id, ids),
      ])
      return pageOf(
        rows,
        size,
        (r): Participant => {
          const id = Number(r.id)
          const e = eligible.get(id) ?? { can_message: false, reason: 'blocked' as const }
          return {
            user: deps.graph.toSummary({ ...r, id }, brandId),
            took_part_at: r.since,
            how: howOf({ took_part_at: r.since, first_save: r.first_save }),
            can_message: e.can_message,
            reason: e.reason,
            follows_brand: followsOnly.has(id),
            thanked_at: thanks.get(id) ?? null,
          }
        },
        (r) => ({ at: r.since, id: Number(r.id) }),
      )
    },
  }
}

/** When each of `userIds` was thanked for the promotion (absent: not yet). */
async function thankedAt(db: Db, promotionId: number, userIds: number[]) {
  const out = new Map<number, string>()
  if (userIds.length === 0) return out
  const rows = await db
    .selectFrom('promotion_thanks')
    .select(['user_id', 'thanked_at'])
    .where('promotion_id', '=', promotionId)
    .where('user_id', 'in', userIds)
    .execute()
  for (const r of rows) out.set(Number(r.user_id), r.thanked_at)
  return out
}
