import { sql } from 'kysely'
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
