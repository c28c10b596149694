import type { Account, AccountType, MessagePolicy, OwnAccount } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { BadRequestError, ConflictError, NotFoundError, UnauthorizedError } from '../../errors'
import { isMailAddress } from '../../mail/message'
import { hasBlocked } from '../graph/blocks'
import { admitSignup, claimFirstAdmin } from '../moderation/instance'
import { httpUrl } from '../http-url'
import type { SearchIndexer } from '../search/indexer'
import type { Unit, Units } from '../unit'
import { checkNewPassword } from './password-strength'
import { hashPassword } from './passwords'
import type { AccountsRepository, UserRow } from './repository'
import { openSession, type Session } from './sessions'

export const USERNAME_RE = /^[a-z0-9_]{3,30}$/
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/

export interface SignupInput {
  username: string
  email: string
  password: string
  account_type?: AccountType
  business_name?: string | null
  /** required on an invite-only instance (an invite sent to `email`) */
  invite_token?: string
}

export interface ProfilePatch {
  about?: string
  website_url?: string | null
  business_name?: string | null
  /** switching to BUSINESS needs a business name (this patch's, or the one on file) */
  account_type?: AccountType
  message_policy?: MessagePolicy
  profile_image_key?: string | null
  unread_digest_email?: boolean
  /** a new address: applies once the link mailed there is opened (needs current_password) */
  email?: string
  current_password?: string
}

async function validateSignup(input: SignupInput) {
  if (!USERNAME_RE.test(input.username)) {
    throw new BadRequestError(
      'username must be 3–30 characters of a-z, 0-9 and _.',
      'invalid_username',
    )
  }
  // an address mail can be sent to (invites and digests go there)
  if (!EMAIL_RE.test(input.email) || !isMailAddress(input.email.trim())) {
    throw new BadRequestError('email is not a valid address.', 'invalid_email')
  }
  await checkNewPassword(input.password, [input.username, input.email])
  if (input.account_type === 'BUSINESS' && !input.business_name?.trim()) {
    throw new BadRequestError('business_name is required for a BUSINESS account.')
  }
}

function checkWebsite(websiteUrl: string) {
  if (!httpUrl(websiteUrl)) {
    throw new BadRequestError('website_url must be an absolute http(s) URL.')
  }
}

/** Signing up, and accounts as their owner and as others see them. */
export function createProfiles(deps: {
  units: Units
  repo: AccountsRepository
  publicUrl: string
  search: Pick<SearchIndexer, 'indexUser'>
  /** changes of address, confirmed by a link (email-change.ts) */
  emailChange: {
    pendingEmail(user: UserRow): Promise<string | null>
    prepareEmailChange(
      userId: number,
      email: string,
      currentPassword: string | undefined,
    ): Promise<(unit: Unit) => Promise<void>>
  }
}) {
  const { units, repo, publicUrl, search } = deps
  const { db } = units

  const profileImageUrl = (key: string | null) =>
    key ? `${publicUrl}/media/${key}/150x150.jpg` : null

  async function toAccount(user: UserRow, viewerId: number | null): Promise<Account> {
    const stats = await repo.stats(user.id, viewerId)
    const account: Account = {
      id: String(user.id),
      username: user.username,
      account_type: user.account_type,
      business_name: user.business_name,
      about: user.about,
      profile_image: profileImageUrl(user.profile_image_key),
      website_url: user.website_url,
      ...stats,
    }
    if (viewerId !== null && viewerId !== user.id) {
      Object.assign(account, await repo.relation(viewerId, user.id), {
        is_blocked: await hasBlocked(db, viewerId, user.id),
      })
    }
    return account
  }

  async function toOwnAccount(user: UserRow): Promise<OwnAccount> {
    return {
      ...(await toAccount(user, user.id)),
      email: user.email,
      message_policy: user.message_policy,
      unread_digest_email: Number(user.unread_digest_email) === 1,
      created_at: user.created_at,
      pending_email: await deps.emailChange.pendingEmail(user),
      role: user.role,
    }
  }

  /**
   * The columns a switch of account type sets: a PINNER has no business name; a BUSINESS must
   * have one, given with the switch or kept from before (else 400).
   */
  async function accountTypeChange(
    userId: number,
    type: AccountType,
    businessName: string | null | undefined,
  ): Promise<Partial<UserRow>> {
    if (type === 'PINNER') return { account_type: type, business_name: null }
    const name =
      businessName !== undefined
        ? (businessName?.trim() ?? '')
        : ((await repo.findById(userId))?.business_name?.trim() ?? '')
    if (!name) throw new BadRequestError('business_name is required for a BUSINESS account.')
    return { account_type: type, business_name: name }
  }

  async function ownAccount(userId: number) {
    const user = await repo.findById(userId)
    if (!user) throw new UnauthorizedError()
    return toOwnAccount(user)
  }

  return {
    toAccount,
    toOwnAccount,
    ownAccount,

    /**
     * A new account and its first session, in one transaction, if the instance admits it
     * (registrations, invite, reserved names: moderation/instance.ts); the first account is
     * the instance's admin. `joined` runs in the same unit once the account exists (an invite
     * accepted with the sign-up).
     */
    async signup<J = undefined>(
      input: SignupInput,
      joined?: (unit: Unit, user: UserRow) => Promise<J>,
    ): Promise<{ user: UserRow; session: Session; joined?: J }> {
      await validateSignup(input)
      const email = input.email.trim().toLowerCase()
      const passwordHash = await hashPassword(input.password)
      return units.run(async (unit) => {
        const { trx } = unit
        await admitSignup(trx, { username: input.username, email, inviteToken: input.invite_token })
        const clash = await trx
          .selectFrom('users')
          .select(['username', 'email'])
          .where((eb) => eb.or([eb('username', '=', input.username), eb('email', '=', email)]))
          .executeTakeFirst()
        if (clash?.username === input.username) {
          throw new ConflictError('That username is taken.', 'username_taken')
        }
        if (clash) throw new ConflictError('That email already has an account.', 'email_taken')
        const user = await trx
          .insertInto('users')
          .values({
            username: input.username,
            email,
            password_hash: passwordHash,
            account_type: input.account_type ?? 'PINNER',
            business_name:
              input.account_type === 'BUSINESS' ? (input.business_name?.trim() ?? null) : null,
            about: '',
            website_url: null,
            profile_image_key: null,
            message_policy: 'mutual',
            created_at: nowIso(),
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        if (await claimFirstAdmin(trx, user.id)) user.role = 'admin'
        await search.indexUser(trx, user.id)
        const session = await openSession(trx, user.id)
        return { user, session, ...(joined ? { joined: await joined(unit, user) } : {}) }
      })
    },

    async updateProfile(userId: number, patch: ProfilePatch): Promise<OwnAccount> {
      if (patch.website_url) checkWebsite(patch.website_url)
      const set: Partial<UserRow> = {}
      if (patch.about !== undefined) set.about = patch.about
      if (patch.website_url !== undefined) set.website_url = patch.website_url || null
      if (patch.business_name !== undefined) set.business_name = patch.business_name
      if (patch.account_type !== undefined) {
        Object.assign(set, await accountTypeChange(userId, patch.account_type, patch.business_name))
      }
      if (patch.message_policy !== undefined) set.message_policy = patch.message_policy
      if (patch.profile_image_key !== undefined) set.profile_image_key = patch.profile_image_key
      if (patch.unread_digest_email !== undefined)
        set.unread_digest_email = patch.unread_digest_email ? 1 : 0
      const askEmailChange =
        patch.email === undefined
          ? null
          : await deps.emailChange.prepareEmailChange(userId, patch.email, patch.current_password)
      if (Object.keys(set).length > 0 || askEmailChange) {
        await units.run(async (unit) => {
          const { trx } = unit
          if (Object.keys(set).length > 0) {
            await trx.updateTable('users').set(set).where('id', '=', userId).execute()
          }
          if (set.business_name !== undefined) await search.indexUser(trx, userId)
          await askEmailChange?.(unit)
        })
      }
      return ownAccount(userId)
    },

    /**
     * A user as `viewerId` sees them: 404 to someone they blocked. The blocker still finds the
     * profile (marked `is_blocked`, its content hidden) so that they can unblock.
     */
    async userByUsername(username: string, viewerId: number | null): Promise<UserRow> {
      const user = await repo.findByUsername(username)
      // a suspended account is hidden from everyone: 404, as if it did not exist; so is the
      // tombstone a deleted account leaves
      if (!user || user.suspended_at !== null || user.deleted_at !== null) {
        throw new NotFoundError('User')
      }
      if (viewerId !== null && (await hasBlocked(db, user.id, viewerId))) {
        throw new NotFoundError('User')
      }
      return user
    },
  }
}
