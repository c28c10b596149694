import type { Db } from '../../db/database'
import { ForbiddenError, UnauthorizedError } from '../../errors'
import type { Units } from '../unit'
import { revoked } from './credentials'
import type { LoginThrottle } from './login-throttle'
import { checkNewPassword } from './password-strength'
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords'
import type { AccountsRepository, UserRow } from './repository'
import { newSecret } from './tokens'
import { suspendedError } from '../moderation/suspension'

const SESSION_DAYS = 30

export interface Session {
  /** the cookie value; only its hash is stored */
  secret: string
  csrfToken: string
}

/** Opens a session for the user, on `conn` (the transaction of the action that opens it). */
export async function openSession(conn: Db, userId: number): Promise<Session> {
  const { secret, hash } = newSecret()
  const csrfToken = newSecret().secret
  const now = new Date()
  await conn
    .insertInto('sessions')
    .values({
      id_hash: hash,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86400_000).toISOString(),
    })
    .execute()
  return { secret, csrfToken }
}

/** Logging in and out, and changing the password (which ends every other session). */
export function createSessions(deps: {
  units: Units
  repo: Pick<AccountsRepository, 'findById' | 'findByLogin'>
  /** how log-in failures slow down guessing, per account and per address */
  loginThrottle: LoginThrottle
}) {
  const { units, repo } = deps

  return {
    /**
     * `address`: the client's, which the failures also count against. `device`: what the
     * client's signed device cookie holds; when it is for the account being logged into, the
     * failures count against that device instead of the account (a stranger's failures never
     * keep the owner out on a browser they logged in from before).
     */
    async login(
      login: string,
      password: string,
      address: string,
      device: { userId: number; nonce: string } | null = null,
    ): Promise<{ user: UserRow; session: Session }> {
      const found = await repo.findByLogin(login.trim().toLowerCase())
      const ownDevice =
        device && found?.id === device.userId ? `${device.userId}:${device.nonce}` : null
      // an unknown account takes the same path and time as a known one with a wrong password
      const user = await deps.loginThrottle.guard(
        login,
        address,
        async () => {
          const hash = found?.password_hash ?? (await dummyPasswordHash())
          return (await verifyPassword(hash, password)) && found ? found : null
        },
        ownDevice,
      )
      if (!user) throw new UnauthorizedError('Wrong username or password.', 'invalid_credentials')
      // only once the password is right: a suspension is no one else's business
      if (user.suspended_at !== null) throw suspendedError(user.suspension_reason)
      return { user, session: await units.run(({ trx }) => openSession(trx, user.id)) }
    },

    async logout(sessionHash: string) {
      await units.run(async (unit) => {
        const ended = await unit.trx
          .deleteFrom('sessions')
          .where('id_hash', '=', sessionHash)
          .returning('user_id')
          .executeTakeFirst()
        unit.changed('auth', [`s:${sessionHash}`])
        if (ended) revoked(unit, ended.user_id, { session_hashes: [sessionHash], token_ids: [] })
      })
    },

    /** Changes the password, revokes every session, and opens a fresh one for this client. */
    async changePassword(userId: number, current: string, next: string): Promise<Session> {
      const user = await repo.findById(userId)
      if (!user) throw new UnauthorizedError()
      if (!(await verifyPassword(user.password_hash, current))) {
        throw new ForbiddenError('The current password is wrong.', 'invalid_credentials')
      }
      await checkNewPassword(next, [user.username, user.email])
      const hash = await hashPassword(next)
      return units.run(async (unit) => {
        const { trx } = unit
        await trx
          .updateTable('users')
          .set({ password_hash: hash })
          .where('id', '=', userId)
          .execute()
        const ended = await trx
          .deleteFrom('sessions')
          .where('user_id', '=', userId)
          .returning('id_hash')
          .execute()
        unit.changed('auth', null)
        // the sessions by name, not "every session": the one opened below must not be hit
        const hashes = ended.map((s) => s.id_hash)
        revoked(unit, userId, { session_hashes: hashes, token_ids: [] })
        return openSession(trx, userId)
      })
    },
  }
}
