import { nowIso } from '../../db/database'
import { isUniqueViolation } from '../../db/dialect'
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GoneError,
  RateLimitedError,
  UnauthorizedError,
} from '../../errors'
import type { Mailer } from '../../mail/mailer'
import type { Unit, Units } from '../unit'
import { verifyPassword } from './passwords'
import { linkFor, linkState, normalAddress, passwordFingerprint, plausibleToken } from './recovery'
import { emailChangeNotice, emailConfirmMail } from './recovery-mail'
import type { AccountsRepository, UserRow } from './repository'
import { hashSecret, newSecret } from './tokens'

const HOUR = 3_600_000
export const EMAIL_CHANGE_TTL_MS = 24 * HOUR
/** Changes of address one account may ask for per hour (each mails a stranger's address). */
export const EMAIL_CHANGES_PER_HOUR = 5

const emailTaken = () => new ConflictError('That email already has an account.', 'email_taken')

/**
 * Changing the address: asked for with the current password, it applies only once the link
 * mailed to the new address is opened (single use, 24 hours); the old address is told when it
 * is asked for and when it applies. The newest request replaces older ones; a request dies once
 * the account's password changed (a reset by the owner stops an intruder's change).
 */
export function createEmailChange(deps: {
  units: Units
  repo: Pick<AccountsRepository, 'findById'>
  publicUrl: string
  mailer: Pick<Mailer, 'enqueueMail'>
}) {
  const { units, repo, mailer } = deps
  const { db } = units

  /** The newest request of the account, when it still stands. */
  async function pendingOf(user: UserRow) {
    const row = await db
      .selectFrom('email_changes')
      .selectAll()
      .where('user_id', '=', user.id)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()
    const stands =
      row &&
      linkState(row) === 'valid' &&
      row.old_email === user.email &&
      row.password_fingerprint === passwordFingerprint(user.password_hash)
    return stands ? row : null
  }

  const gone = {
    used: () => new GoneError('This confirmation link was used already.', 'email_change_used'),
    expired: () =>
      new GoneError(
        'This confirmation link has expired; change the address again in Settings.',
        'email_change_expired',
      ),
    invalid: () =>
      new GoneError(
        'This confirmation link is not valid (any more): a newer change replaced it, or the password changed since.',
        'email_change_invalid',
      ),
  }

  return {
    /** The address waiting to be confirmed, if any (the settings page shows it). */
    pendingEmail: async (user: UserRow) => (await pendingOf(user))?.new_email ?? null,

    /**
     * Checks a change of address (the current password, the new address, who has it) before the
     * transaction, and answers what asks for it inside the caller's unit: the request stored, the
     * link mailed to the new address and a notice to the old one. The current address again
     * cancels a pending change (no password needed for that).
     */
    async prepareEmailChange(
      userId: number,
      email: string,
      currentPassword: string | undefined,
    ): Promise<(unit: Unit) => Promise<void>> {
      const user = await repo.findById(userId)
      if (!user) throw new UnauthorizedError()
      const address = normalAddress(email)
      if (address === user.email) {
        // a cancel (no password needed): its link then finds nothing, "not valid (any more)"
        return async (unit) => {
          await unit.trx
            .deleteFrom('email_changes')
            .where('user_id', '=', userId)
            .where('used_at', 'is', null)
            .execute()
        }
      }
      if (!currentPassword) {
        throw new BadRequestError('current_password is required to change the email address.')
      }
      if (!(await verifyPassword(user.password_hash, currentPassword))) {
        throw new ForbiddenError('The current password is wrong.', 'invalid_credentials')
      }
      const taken = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', address)
        .executeTakeFirst()
      if (taken) throw emailTaken()
      const recent = await db
        .selectFrom('email_changes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('created_at', '>', new Date(Date.now() - HOUR).toISOString())
        .executeTakeFirstOrThrow()
      if (Number(recent.n) >= EMAIL_CHANGES_PER_HOUR) {
        throw new RateLimitedError(3600, 'rate_limited', 'Too many changes of address this hour')
      }
      const { secret, hash } = newSecret('eml_')
      const link = linkFor(deps.publicUrl, 'confirm-email', secret)
      return async (unit) => {
        const now = Date.now()
        await unit.trx
          .insertInto('email_changes')
          .values({
            token_hash: hash,
            user_id: userId,
            new_email: address,
            old_email: user.email,
            password_fingerprint: passwordFingerprint(user.password_hash),
            created_at: new Date(now).toISOString(),
            expires_at: new Date(now + EMAIL_CHANGE_TTL_MS).toISOString(),
            used_at: null,
          })
          .execute()
        await mailer.enqueueMail(unit, emailConfirmMail(address, user.username, link))
        await mailer.enqueueMail(unit, emailChangeNotice(user.email, user.username, address, false))
      }
    },

    /** Applies the change a confirmation link is for: 410 once used, expired or replaced. */
    async confirmEmailChange(token: string) {
      const row = plausibleToken(token)
        ? await db
            .selectFrom('email_changes')
            .selectAll()
            .where('token_hash', '=', hashSecret(token))
            .executeTakeFirst()
        : undefined
      if (!row) throw gone.invalid()
      const state = linkState(row)
      if (state !== 'valid') throw gone[state]()
      const user = await repo.findById(row.user_id)
      if (!user || (await pendingOf(user))?.id !== row.id) throw gone.invalid()
      try {
        return await units.run(async (unit) => {
          const { trx } = unit
          const claimed = await trx
            .updateTable('email_changes')
            .set({ used_at: nowIso() })
            .where('id', '=', row.id)
            .where('used_at', 'is', null)
            .executeTakeFirst()
          if (Number(claimed.numUpdatedRows) === 0) throw gone.used()
          const taken = await trx
            .selectFrom('users')
            .select('id')
            .where('email', '=', row.new_email)
            .executeTakeFirst()
          if (taken) throw emailTaken()
          const set = await trx
            .updateTable('users')
            .set({ email: row.new_email })
            .where('id', '=', user.id)
            .where('email', '=', row.old_email)
            .where('password_hash', '=', user.password_hash)
            .executeTakeFirst()
          if (Number(set.numUpdatedRows) === 0) throw gone.invalid()
          await mailer.enqueueMail(
            unit,
            emailChangeNotice(row.old_email, user.username, row.new_email, true),
          )
          return { username: user.username, email: row.new_email }
        })
      } catch (err) {
        // someone signed up with the address at the same moment
        if (isUniqueViolation(err)) throw emailTaken()
        throw err
      }
    },
  }
}
