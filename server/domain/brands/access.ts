import type { Db } from '../../db/database'
import { ForbiddenError, NotFoundError } from '../../errors'

/**
 * Brand features are for business accounts: anyone else gets 403 `not_business` (the web
 * app shows how to switch in Settings). A token's scope is checked before this, at the edge.
 */
export async function requireBusiness(db: Db, userId: number): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select('account_type')
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user) throw new NotFoundError('User')
  if (user.account_type !== 'BUSINESS') {
    throw new ForbiddenError(
      'Only business accounts can do this: switch to a business account in Settings.',
      'not_business',
    )
  }
}
