import type { Db } from '../../db/database'
import { ForbiddenError } from '../../errors'

export type Role = 'admin' | 'moderator'

/** The person's role, read from the database each time: a revoked role ends at once. */
export async function roleOf(db: Db, userId: number): Promise<Role | null> {
  const row = await db
    .selectFrom('users')
    .select('role')
    .where('id', '=', userId)
    .where('suspended_at', 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return row?.role ?? null
}

/** Admins and moderators: the reports queue, moderation actions, the audit log. Else 403. */
export async function requireModerator(db: Db, userId: number): Promise<Role> {
  const role = await roleOf(db, userId)
  if (!role) throw new ForbiddenError('Only moderators and admins may do this.', 'not_moderator')
  return role
}

/** Admins only: the instance's settings and who holds a role. Else 403. */
export async function requireAdmin(db: Db, userId: number): Promise<void> {
  if ((await roleOf(db, userId)) !== 'admin') {
    throw new ForbiddenError('Only admins may do this.', 'not_admin')
  }
}
