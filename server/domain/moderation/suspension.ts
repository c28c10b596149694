import { sql } from 'kysely'
import type { Db } from '../../db/database'
import { ForbiddenError } from '../../errors'

/** What a suspended account is told when it logs in or uses a token: 403 with the reason, if any. */
export function suspendedError(reason: string | null): ForbiddenError {
  const why = reason?.trim()
  return new ForbiddenError(
    why ? `This account is suspended. ${why}` : 'This account is suspended.',
    'account_suspended',
  )
}

/**
 * A SQL condition, for rows owned by `ownerColumn`, that drops those of a suspended account:
 * its content is hidden from everyone while the suspension lasts (one primary-key probe).
 */
export function ownerNotSuspended(ownerColumn: string) {
  return sql<boolean>`not exists (select 1 from users sus_ where sus_.id = ${sql.ref(ownerColumn)} and sus_.suspended_at is not null)`
}

/** Which of these pins and boards moderators removed (one query; none asked: none). */
export async function removedAmong(
  db: Db,
  pinIds: number[],
  boardIds: number[],
): Promise<{ pins: Set<number>; boards: Set<number> }> {
  const out = { pins: new Set<number>(), boards: new Set<number>() }
  if (pinIds.length === 0 && boardIds.length === 0) return out
  const rows = await db
    .selectFrom('removed_content')
    .select(['target_type', 'target_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('target_type', '=', 'pin'), eb('target_id', 'in', [...pinIds, -1])]),
        eb.and([eb('target_type', '=', 'board'), eb('target_id', 'in', [...boardIds, -1])]),
      ]),
    )
    .execute()
  for (const r of rows) (r.target_type === 'pin' ? out.pins : out.boards).add(Number(r.target_id))
  return out
}
