import { randomUUID } from 'node:crypto'
import { nowIso } from '../../db/database'
import { forNoKeyUpdate } from '../../db/dialect'
import { BadRequestError, GoneError } from '../../errors'
import type { Jobs } from '../../jobs/runner'
import type { Mailer } from '../../mail/mailer'
import { isMailAddress } from '../../mail/message'
import type { Units } from '../unit'
import { revoked } from './credentials'
import { checkNewPassword } from './password-strength'
import { hashPassword } from './passwords'
import { passwordResetMail } from './recovery-mail'
import type { AccountsRepository, UserRow } from './repository'
import { openSession, type Session } from './sessions'
import { hashSecret, newSecret } from './tokens'

declare module '../../jobs/types' {
  interface JobPayloads {
    /** a reset asked for an address (known or not): the link is made and mailed here */
    'accounts.password_reset': { email: string; request_id: string }
  }
}

const HOUR = 3_600_000
export const RESET_TTL_MS = HOUR
/** Reset mails one address may get per hour; further requests are answered alike, unmailed. */
export const RESETS_PER_ADDRESS_PER_HOUR = 3

/** What a link is bound to besides its account: the password it had (its hash's hash). */
export const passwordFingerprint = (passwordHash: string) => hashSecret(passwordHash)

/** An address as accounts store it: trimmed, lower-cased; 400 when it is not one. */
export function normalAddress(email: string): string {
  const address = email.trim().toLowerCase()
  if (!/^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/.test(address) || !isMailAddress(address)) {
    throw new BadRequestError('email is not a valid address.', 'invalid_email')
  }
  return address
}

/**
 * A page of the web app that takes a token, in the fragment: a browser never sends it to the
 * server with the page, so it stays out of access logs and Referer headers.
 */
export const linkFor = (publicUrl: string, page: string, token: string) =>
  `${publicUrl.replace(/\/$/, '')}/${page}#${token}`

/** Where a stored link stands, for its use. */
export function linkState(row: { used_at: string | null; expires_at: string }) {
  if (row.used_at !== null) return 'used' as const
  return Date.parse(row.expires_at) <= Date.now() ? ('expired' as const) : ('valid' as const)
}

/** A token as the links carry it, looked up only when it could be one. */
export const plausibleToken = (token: string) =>
  typeof token === 'string' && token.length >= 20 && token.length <= 200

export interface PasswordReset {
  user: UserRow
  session: Session
  ended_sessions: number
  deleted_tokens: number
}

/**
 * Forgotten passwords. Asking answers the same, in the same time, whether or not the address
 * has an account: the request only queues a job, which makes the link (256 random bits, only
 * its hash stored, single use, 1 hour) and mails it when the account exists, at most
 * RESETS_PER_ADDRESS_PER_HOUR times an hour. Using it sets the new password and ends every
 * session and personal access token of the account (an attacker who knew the old password may
 * have made some), their sockets with them, and signs the person in afresh. A link is bound to
 * its account, and dies once that account's password or address changed.
 */
export function createRecovery(deps: {
  units: Units
  repo: Pick<AccountsRepository, 'findById'>
  publicUrl: string
  mailer: Pick<Mailer, 'enqueueMail'>
  jobs: Pick<Jobs, 'enqueue' | 'register'>
}) {
  const { units, repo, mailer } = deps
  const { db } = units

  deps.jobs.register(
    'accounts.password_reset',
    async ({ email, request_id }) => {
      const { secret, hash } = newSecret('pwr_')
      await units.run(async (unit) => {
        const { trx } = unit
        // the account's row held: its requests are counted one at a time
        const user = await trx
          .selectFrom('users')
          .select(['id', 'username', 'email', 'password_hash'])
          .where('email', '=', email)
          .$call(forNoKeyUpdate(trx))
          .executeTakeFirst()
        if (!user) return
        const now = Date.now()
        const recent = await trx
          .selectFrom('password_resets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', user.id)
          .where('created_at', '>', new Date(now - HOUR).toISOString())
          .executeTakeFirstOrThrow()
        if (Number(recent.n) >= RESETS_PER_ADDRESS_PER_HOUR) return
        const row = await trx
          .insertInto('password_resets')
          .values({
            token_hash: hash,
            user_id: user.id,
            request_id,
            email: user.email,
            password_fingerprint: passwordFingerprint(user.password_hash),
            created_at: new Date(now).toISOString(),
            expires_at: new Date(now + RESET_TTL_MS).toISOString(),
            used_at: null,
          })
          .onConflict((oc) => oc.column('request_id').doNothing())
          .returning('id')
          .executeTakeFirst()
        // a retried job: its link went out already
        if (!row) return
        const link = linkFor(deps.publicUrl, 'reset-password', secret)
        await mailer.enqueueMail(unit, passwordResetMail(user.email, user.username, link))
      })
    },
    // the address asked for, known or not, is kept no longer than its job
    { erasePayloadWhenDone: true },
  )

  const gone = {
    used: () => new GoneError('This reset link was used already; ask for a new one.', 'reset_used'),
    expired: () =>
      new GoneError('This reset link has expired; ask for a new one.', 'reset_expired'),
    invalid: () =>
      new GoneError('This reset link is not valid (any more): ask for a new one.', 'reset_invalid'),
  }

  return {
    /** Queues the reset of `email`'s account, if there is one; the same answer either way. */
    async requestPasswordReset(email: string) {
      const address = normalAddress(email)
      await units.run(async (unit) => {
        await deps.jobs.enqueue(unit, 'accounts.password_reset', {
          email: address,
          request_id: randomUUID(),
        })
      })
      return { expires_in_seconds: RESET_TTL_MS / 1000 }
    },

    /** Sets a new password with a reset link's token: 410 once used, expired or void. */
    async resetPassword(token: string, newPassword: string): Promise<PasswordReset> {
      const row = plausibleToken(token)
        ? await db
            .selectFrom('password_resets')
            .selectAll()
            .where('token_hash', '=', hashSecret(token))
            .executeTakeFirst()
        : undefined
      if (!row) throw gone.invalid()
      const state = linkState(row)
      if (state !== 'valid') throw gone[state]()
      const user = await repo.findById(row.user_id)
      const stands = (u: UserRow | undefined): u is UserRow =>
        !!u &&
        u.email === row.email &&
        passwordFingerprint(u.password_hash) === row.password_fingerprint
      if (!stands(user)) throw gone.invalid()
      await checkNewPassword(newPassword, [user.username, user.email])
      const hash = await hashPassword(newPassword)
      return units.run(async (unit) => {
        const { trx } = unit
        const now = nowIso()
        const claimed = await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('id', '=', row.id)
          .where('used_at', 'is', null)
          .executeTakeFirst()
        if (Number(claimed.numUpdatedRows) === 0) throw gone.used()
        // only over the password and address the link was made for (another reset may have won)
        const set = await trx
          .updateTable('users')
          .set({ password_hash: hash })
          .where('id', '=', user.id)
          .where('password_hash', '=', user.password_hash)
          .where('email', '=', row.email)
          .executeTakeFirst()
        if (Number(set.numUpdatedRows) === 0) throw gone.invalid()
        // the account's other links die with the old password anyway: marked so
        await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('user_id', '=', user.id)
          .where('used_at', 'is', null)
          .execute()
        const sessions = await trx
          .deleteFrom('sessions')
          .where('user_id', '=', user.id)
          .returning('id_hash')
          .execute()
        const tokens = await trx
          .deleteFrom('access_tokens')
          .where('user_id', '=', user.id)
          .returning('id')
          .execute()
        unit.changed('auth', null)
        // by name, not "every session": the one opened below must not be hit
        revoked(unit, user.id, {
          session_hashes: sessions.map((s) => s.id_hash),
          token_ids: tokens.map((t) => Number(t.id)),
        })
        return {
          user: { ...user, password_hash: hash },
          session: await openSession(trx, user.id),
          ended_sessions: sessions.length,
          deleted_tokens: tokens.length,
        }
      })
    },
  }
}
