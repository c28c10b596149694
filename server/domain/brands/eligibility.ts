import type { Db } from '../../db/database'
import { mayMessageMany } from '../messaging/policy'

export type RefusalReason = 'not_mutual' | 'blocked' | 'policy_nobody'

export interface Eligibility {
  can_message: boolean
  /** why not, in the API's words (null when the brand may message them) */
  reason: RefusalReason | null
}

const OK: Eligibility = { can_message: true, reason: null }

/**
 * Whether the brand may message each person now: the messaging rules exactly as for anyone
 * (`mayMessageMany`), their refusals in the API's words — `not_followed` (a `following`
 * policy) is a `not_mutual` too: a follow back would let the brand write. Someone who no
 * longer exists is `blocked` (nobody may write to them).
 */
export async function eligibility(
  db: Db,
  brandId: number,
  userIds: readonly number[],
): Promise<Map<number, Eligibility>> {
  const decisions = await mayMessageMany(db, brandId, [...userIds])
  const out = new Map<number, Eligibility>()
  for (const id of userIds) {
    const d = decisions.get(id)
    if (id === brandId || d?.ok) out.set(id, OK)
    else if (!d) out.set(id, { can_message: false, reason: 'blocked' })
    else {
      const reason: RefusalReason =
        d.reason === 'blocked'
          ? 'blocked'
          : d.reason === 'policy_nobody'
            ? 'policy_nobody'
            : 'not_mutual'
      out.set(id, { can_message: false, reason })
    }
  }
  return out
}

/**
 * Of `userIds`, those who follow the brand while the brand does not follow them back: the
 * ones a follow-back would make mutual (the web's "Follow back" button).
 */
export async function followingBrandOnly(
  db: Db,
  brandId: number,
  userIds: readonly number[],
): Promise<Set<number>> {
  const ids = [...new Set(userIds)].filter((id) => id !== brandId)
  if (ids.length === 0) return new Set()
  const rows = await db
    .selectFrom('follows as f')
    .select('f.follower_id')
    .where('f.followee_id', '=', brandId)
    .where('f.follower_id', 'in', ids)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('follows as b')
            .select('b.follower_id')
            .where('b.follower_id', '=', brandId)
            .whereRef('b.followee_id', '=', 'f.follower_id'),
        ),
      ),
    )
    .execute()
  return new Set(rows.map((r) => Number(r.follower_id)))
}
