import type { Transaction } from 'kysely'
import type { UserSummary } from '../../../protocol/api'
import type {
  InstanceSettings,
  Registrations,
  StaffMember,
} from '../../../protocol/schemas/instance'
import { inTransaction, nowIso, type Db } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import type { Database } from '../../db/schema'
import { ConflictError, ForbiddenError } from '../../errors'
import { userSummaryColumns, type UserSummaryRow } from '../graph/user-summary'
import { inviteByToken, inviteStatus } from '../invites/service'
import type { Units } from '../unit'
import { writeAudit } from './audit'
import { requireAdmin, type Role } from './roles'

type Q = Db | Transaction<Database>

export const REGISTRATIONS: readonly Registrations[] = ['open', 'invite_only', 'closed']
const REGISTRATIONS_KEY = 'registrations'
/** Set once, by the sign-up that made the instance's first account (and so its admin). */
const FIRST_ADMIN_KEY = 'first_admin'

/** Who may sign up now: `open` until an admin says otherwise. */
export async function registrationsOf(q: Q): Promise<Registrations> {
  const row = await q
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', REGISTRATIONS_KEY)
    .executeTakeFirst()
  const value = row?.value as Registrations | undefined
  return value && REGISTRATIONS.includes(value) ? value : 'open'
}

/**
 * Whether this sign-up may make an account, inside its transaction and before the account is
 * made: 403 `registrations_closed`; 403 `invite_required` on an invite-only instance unless
 * `inviteToken` is a valid, unused, unexpired invite sent to `email` (locked until the unit
 * ends, so one invite admits one account); 409 `username_reserved` for a deleted account's
 * name still held.
 */
export async function admitSignup(
  trx: Transaction<Database>,
  input: { username: string; email: string; inviteToken?: string },
): Promise<void> {
  const registrations = await registrationsOf(trx)
  if (registrations === 'closed') {
    throw new ForbiddenError(
      'Registrations are closed on this instance: no new accounts can be made.',
      'registrations_closed',
    )
  }
  if (registrations === 'invite_only' && !(await holdsInvite(trx, input))) {
    throw new ForbiddenError(
      'This instance is invite-only: sign up from the invite a member sent to your email address.',
      'invite_required',
    )
  }
  const reserved = await trx
    .selectFrom('reserved_usernames')
    .select('until')
    .where('username', '=', input.username.toLowerCase())
    .where('until', '>', nowIso())
    .executeTakeFirst()
  if (reserved) {
    throw new ConflictError(
      'That username belonged to an account deleted recently and cannot be taken yet.',
      'username_reserved',
    )
  }
}

async function holdsInvite(
  trx: Transaction<Database>,
  input: { email: string; inviteToken?: string },
): Promise<boolean> {
  if (!input.inviteToken) return false
  const invite = await inviteByToken(trx, input.inviteToken, true)
  return (
    invite !== undefined &&
    inviteStatus(invite) === 'valid' &&
    invite.email === input.email.trim().toLowerCase()
  )
}

/**
 * Makes `userId` the admin when theirs is the instance's first account, in the sign-up's
 * transaction. Two first sign-ups at once: both may see no one else (PostgreSQL), but only one
 * inserts the `first_admin` setting; the other waits on that row, then inserts nothing.
 */
export async function claimFirstAdmin(trx: Transaction<Database>, userId: number) {
  const someoneElse = await trx
    .selectFrom('users')
    .select('id')
    .where('id', '<>', userId)
    .limit(1)
    .executeTakeFirst()
  if (someoneElse) return false
  const claimed = await trx
    .insertInto('instance_settings')
    .values({ key: FIRST_ADMIN_KEY, value: String(userId) })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst()
  if (!claimed) return false
  await trx.updateTable('users').set({ role: 'admin' }).where('id', '=', userId).execute()
  return true
}

export type RoleChange =
  | { ok: true; username: string; role: Role | null; previous: Role | null; changed: boolean }
  | { ok: false; reason: 'no_such_user' | 'deleted_account' }

/**
 * Gives `username` a role (`role` null: takes theirs away), audited when it changes anything.
 * `actorId` null: from the shell (`npm run admin`).
 */
export async function setRole(
  db: Db,
  username: string,
  role: Role | null,
  actorId: number | null,
): Promise<RoleChange> {
  return inTransaction(db, async (tx) => {
    const { trx } = tx
    const user = await trx
      .selectFrom('users')
      .select(['id', 'username', 'role', 'deleted_at'])
      .where('username', '=', username.trim().toLowerCase())
      .$call(forUpdate(trx))
      .executeTakeFirst()
    if (!user) return { ok: false, reason: 'no_such_user' } as const
    if (user.deleted_at !== null) return { ok: false, reason: 'deleted_account' } as const
    const previous = user.role ?? null
    const changed = previous !== role
    if (changed) {
      await trx.updateTable('users').set({ role }).where('id', '=', user.id).execute()
      const userId = Number(user.id)
      await writeAudit(tx, {
        actorId,
        action: role === null ? 'revoke' : 'grant',
        target: { type: 'user', id: userId },
        targetUserId: userId,
        detail: { role, previous },
      })
    }
    return { ok: true, username: user.username, role, previous, changed } as const
  })
}

/** Everyone who holds a role, admins first, then by name (for the shell). */
export async function listRoles(db: Db) {
  const rows = await db
    .selectFrom('users')
    .select(['username', 'email', 'role', 'suspended_at'])
    .where('role', 'is not', null)
    .where('deleted_at', 'is', null)
    .orderBy('role')
    .orderBy('username')
    .execute()
  return rows.map((r) => ({ ...r, role: r.role as Role, suspended: r.suspended_at !== null }))
}

/** The instance's settings and staff, for its admins; what anyone may know of it. */
export function createInstance(deps: {
  units: Pick<Units, 'db' | 'run'>
  toSummary(row: UserSummaryRow, viewerId: number | null): UserSummary
}) {
  const { units } = deps
  const { db } = units
  return {
    /** Public: whether and how one may sign up. */
    async info() {
      return { registrations: await registrationsOf(db) }
    },

    async settings(adminId: number): Promise<InstanceSettings> {
      await requireAdmin(db, adminId)
      return { registrations: await registrationsOf(db) }
    },

    /** Changes what is given (audited as 'settings', with what it was and became). */
    async updateSettings(
      adminId: number,
      patch: Partial<InstanceSettings>,
    ): Promise<InstanceSettings> {
      await requireAdmin(db, adminId)
      return units.run(async (unit) => {
        const { trx } = unit
        const before = await registrationsOf(trx)
        const next = patch.registrations ?? before
        if (next !== before) {
          await trx
            .insertInto('instance_settings')
            .values({ key: REGISTRATIONS_KEY, value: next })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: next }))
            .execute()
          await writeAudit(unit, {
            actorId: adminId,
            action: 'settings',
            target: { type: 'settings', id: null },
            targetUserId: null,
            detail: { registrations: { from: before, to: next } },
          })
        }
        return { registrations: next }
      })
    },

    /** Who holds a role: admins first, then by name. */
    async staff(adminId: number): Promise<StaffMember[]> {
      await requireAdmin(db, adminId)
      const rows = await db
        .selectFrom('users as u')
        .select((eb) => [...userSummaryColumns(eb, adminId), 'u.created_at as since', 'u.role'])
        .where('u.role', 'is not', null)
        .where('u.deleted_at', 'is', null)
        .orderBy('u.role')
        .orderBy('u.username')
        .execute()
      return rows.map((r) => ({ ...deps.toSummary(r, adminId), role: r.role as Role }))
    },
  }
}

export type InstanceService = ReturnType<typeof createInstance>
