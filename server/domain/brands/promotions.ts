import type { Page } from '../../../protocol/api'
import type { Static } from 'typebox'
import type { Promotion as PromotionSchema } from '../../../protocol/schemas/brands'
import type { PromotionInput } from '../../../protocol/brands'
import { nowIso, type Db } from '../../db/database'
import type { PromotionTable } from '../../db/schema-brands'
import { BadRequestError, ForbiddenError, NotFoundError } from '../../errors'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf, parseId } from '../pagination'
import { visiblePinsTo } from '../pins/repository'
import type { Units } from '../unit'
import { requireBusiness } from './access'
import { checkDateRange, MAX_RANGE_DAYS } from './dates'

export type Promotion = Static<typeof PromotionSchema>
export type PromotionRow = Omit<PromotionTable, 'id'> & { id: number }
export type PromotionCounts = PromotionTable['counts']

/** A promotion's name: 1–100 characters once trimmed. */
export const PROMOTION_NAME_MAX = 100

export interface PageRequest {
  bookmark?: string
  page_size?: number
}

export function toPromotion(row: PromotionRow): Promotion {
  return {
    id: String(row.id),
    pin_id: String(row.pin_id),
    name: row.name,
    start_date: row.start_date,
    end_date: row.end_date,
    counts: row.counts,
    created_at: row.created_at,
  }
}

/**
 * The brand's own promotion `id` (a wire id): 404 when there is none, or it is another
 * brand's (exactly as if it did not exist). The caller has checked the brand is a business.
 */
export async function getOwnPromotion(db: Db, brandId: number, id: string): Promise<PromotionRow> {
  const promotionId = parseId(id)
  const row =
    promotionId === null
      ? undefined
      : await db
          .selectFrom('promotions')
          .selectAll()
          .where('id', '=', promotionId)
          .where('brand_id', '=', brandId)
          .executeTakeFirst()
  if (!row) throw new NotFoundError('Promotion')
  return { ...row, id: Number(row.id), brand_id: Number(row.brand_id), pin_id: Number(row.pin_id) }
}

/**
 * The brand's pin `id` (a wire id): 404 when it does not exist or the brand may not see it,
 * 403 `not_owner` when it is someone else's.
 */
export async function getOwnPin(db: Db, brandId: number, id: string) {
  const pinId = parseId(id)
  const pin =
    pinId === null
      ? undefined
      : await db
          .selectFrom('pins as p')
          .select(['p.id', 'p.owner_id'])
          .where('p.id', '=', pinId)
          .where(visiblePinsTo(brandId))
          .executeTakeFirst()
  if (!pin) throw new NotFoundError('Pin')
  if (Number(pin.owner_id) !== brandId) {
    throw new ForbiddenError('A promotion must name one of your own pins.', 'not_owner')
  }
  return { id: Number(pin.id) }
}

/** A brand's promotions: each names one of its own pins, a window of dates and what counts. */
export function createPromotions(deps: { units: Units }) {
  const { units } = deps
  const { db } = units

  return {
    async create(brandId: number, input: PromotionInput): Promise<Promotion> {
      await requireBusiness(db, brandId)
      const name = input.name.trim()
      if (name.length === 0 || name.length > PROMOTION_NAME_MAX) {
        throw new BadRequestError(`name must be 1–${PROMOTION_NAME_MAX} characters.`)
      }
      checkDateRange(input.start_date, input.end_date, MAX_RANGE_DAYS)
      const pin = await getOwnPin(db, brandId, input.pin_id)
      const row = await units.run(({ trx }) =>
        trx
          .insertInto('promotions')
          .values({
            brand_id: brandId,
            pin_id: pin.id,
            name,
            start_date: input.start_date,
            end_date: input.end_date,
            counts: input.counts,
            created_at: nowIso(),
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      )
      return toPromotion({ ...row, id: Number(row.id), pin_id: Number(row.pin_id) })
    },

    /** The brand's promotions, newest first. */
    async list(brandId: number, page: PageRequest): Promise<Page<Promotion>> {
      await requireBusiness(db, brandId)
      const size = page.page_size ?? DEFAULT_PAGE_SIZE
      const after = decodeBookmark(page.bookmark, { id: 'id' })
      let q = db.selectFrom('promotions').selectAll().where('brand_id', '=', brandId)
      if (after) q = q.where('id', '<', after.id)
      const rows = await q
        .orderBy('id', 'desc')
        .limit(size + 1)
        .execute()
      return pageOf(
        rows.map((r) => ({ ...r, id: Number(r.id), pin_id: Number(r.pin_id) })),
        size,
        toPromotion,
        (r) => ({ id: r.id }),
      )
    },

    async get(brandId: number, id: string): Promise<Promotion> {
      await requireBusiness(db, brandId)
      return toPromotion(await getOwnPromotion(db, brandId, id))
    },
  }
}
