import { sql } from 'kysely'
import type { Static } from 'typebox'
import type { Page } from '../../../protocol/api'
import type { Influencer as InfluencerSchema } from '../../../protocol/schemas/brands'
import type { GraphService } from '../graph/service'
import { userSummaryColumns, type UserSummaryRow } from '../graph/user-summary'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf } from '../pagination'
import type { Units } from '../unit'
import { requireBusiness } from './access'
import { eligibility } from './eligibility'
import type { PageRequest } from './promotions'

export type Influencer = Static<typeof InfluencerSchema>

/** What each act is worth in the ranking: a save or a click through a message, an invite more. */
export const INFLUENCE_WEIGHTS = {
  sends: 1,
  saves_via_message: 2,
  clicks_via_message: 2,
  invites_accepted: 5,
} as const

const W = INFLUENCE_WEIGHTS
const score = sql<number>`(coalesce(bi.sends, 0) * ${sql.lit(W.sends)} + coalesce(bi.saves_via_message, 0) * ${sql.lit(W.saves_via_message)} + coalesce(bi.clicks_via_message, 0) * ${sql.lit(W.clicks_via_message)} + coalesce(bi.invites_accepted, 0) * ${sql.lit(W.invites_accepted)})`

type InfluencerRow = UserSummaryRow & {
  sends: number | string | null
  saves_via_message: number | string | null
  clicks_via_message: number | string | null
  invites_accepted: number | string | null
  score: number | string
}

/**
 * The brand's followers ranked by what they did with its pins through messages (counted in
 * brand_influence as it happens): score = sends + 2·saves + 2·clicks via messages
 * + 5·invites accepted, highest first, then by user id; followers who did nothing come last.
 */
export function createInfluencers(deps: { units: Units; graph: Pick<GraphService, 'toSummary'> }) {
  const { db } = deps.units

  return {
    async list(brandId: number, page: PageRequest): Promise<Page<Influencer>> {
      await requireBusiness(db, brandId)
      const size = page.page_size ?? DEFAULT_PAGE_SIZE
      const after = decodeBookmark(page.bookmark, { score: 'count', id: 'id' })
      let q = db
        .selectFrom('follows as f')
        .innerJoin('users as u', 'u.id', 'f.follower_id')
        .leftJoin('brand_influence as bi', (j) =>
          j.onRef('bi.user_id', '=', 'f.follower_id').on('bi.brand_id', '=', brandId),
        )
        .select((eb) => [
          ...userSummaryColumns(eb, brandId),
          'f.created_at as since',
          'bi.sends',
          'bi.saves_via_message',
          'bi.clicks_via_message',
          'bi.invites_accepted',
          score.as('score'),
        ])
        .where('f.followee_id', '=', brandId)
      if (after) {
        q = q.where((eb) =>
          eb.or([
            eb(score, '<', after.score),
            eb.and([eb(score, '=', after.score), eb('u.id', '>', after.id)]),
          ]),
        )
      }
      const rows = (await q
        .orderBy(score, 'desc')
        .orderBy('u.id')
        .limit(size + 1)
        .execute()) as InfluencerRow[]
      const eligible = await eligibility(
        db,
        brandId,
        rows.slice(0, size).map((r) => Number(r.id)),
      )
      return pageOf(
        rows,
        size,
        (r): Influencer => {
          const id = Number(r.id)
          const e = eligible.get(id) ?? { can_message: false, reason: 'blocked' as const }
          return {
            user: deps.graph.toSummary({ ...r, id }, brandId),
            sends: Number(r.sends ?? 0),
            saves_via_message: Number(r.saves_via_message ?? 0),
            clicks_via_message: Number(r.clicks_via_message ?? 0),
            invites_accepted: Number(r.invites_accepted ?? 0),
            score: Number(r.score),
            can_message: e.can_message,
            reason: e.reason,
          }
        },
        (r) => ({ score: Number(r.score), id: Number(r.id) }),
      )
    },
  }
}
