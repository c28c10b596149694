import type { ExpressionBuilder } from 'kysely'
import type { Database } from '../../db/schema'

/** One person as a list row: what `toSummary` renders, plus the list's sort key. */
export interface UserSummaryRow {
  id: number
  username: string
  account_type: 'PINNER' | 'BUSINESS'
  business_name: string | null
  profile_image_key: string | null
  /** when the person joined the list (edge made, member joined, account made): its sort key */
  since: string
  is_following: number | boolean | null
}

/**
 * The summary columns of `users as u`, and `is_following`: whether `viewerId` follows `u`
 * (null for an anonymous viewer). The caller adds `since`, the list's own sort key.
 */
export function userSummaryColumns(
  eb: ExpressionBuilder<Database & { u: Database['users'] }, 'u'>,
  viewerId: number | null,
) {
  return [
    'u.id',
    'u.username',
    'u.account_type',
    'u.business_name',
    'u.profile_image_key',
    viewerId === null
      ? eb.val(null).as('is_following')
      : eb
          .exists(
            eb
              .selectFrom('follows as vf')
              .select('vf.follower_id')
              .where('vf.follower_id', '=', viewerId)
              .whereRef('vf.followee_id', '=', 'u.id'),
          )
          .as('is_following'),
  ] as const
}
