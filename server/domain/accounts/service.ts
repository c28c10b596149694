import type {
  AccessToken,
  Account,
  AccountType,
  MessagePolicy,
  OwnAccount,
  Scope,
} from '../../../protocol/api'
import { SCOPES } from '../../../protocol/api'
import { inTransaction, nowIso, type Db } from '../../db/database'
import { preparedQuery } from '../../db/prepared'
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '../../errors'
import { hasBlocked } from '../graph/blocks'
import type { SearchIndexer } from '../search/indexer'
import type { Viewer } from '../viewer'
import type { LoginThrottle } from './login-throttle'
import { assertStrongPassword } from './password-strength'
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords'
import { createAccountsRepository, type UserRow } from './repository'
import { hashSecret, newSecret } from './tokens'
import { isMailAddress } from '../../mail/message'
import type { Caches } from '../caches'
import type { EventBus } from '../events'

const SESSION_DAYS = 30
export const USERNAME_RE = /^[a-z0-9_]{3,30}$/
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/

export interface SignupInput {
  username: string
  email: string
  password: string
  account_type?: AccountType
  business_name?: string | null
}

export interface ProfilePatch {
  about?: string
  website_url?: string | null
  business_name?: string | null
  message_policy?: MessagePolicy
  profile_image_key?: string | null
  unread_digest_email?: boolean
}

export interface Session {
  /** the cookie value; only its hash is stored */
  secret: string
  csrfToken: string
}

/** A session: whose it is and the CSRF token its state changes must carry. */
export interface SessionCredential {
  viewer: Viewer
  csrfToken: string
  expiresAt: string
}

export function createAccountsService(deps: {
  db: Db
  publicUrl: string
  caches: Caches
  search: Pick<SearchIndexer, 'indexUser'>
  /** how log-in failures slow down guessing, per account and per address */
  loginThrottle: LoginThrottle
  /** revocations end the sockets their credentials opened, on every instance */
  bus: Pick<EventBus, 'publish'>
}) {
  const { db, publicUrl, caches, search, bus } = deps
  const repo = createAccountsRepository(db)
  // Who a credential belongs to, by its hash ('s:' sessions, 't:' tokens); a revocation
  // drops it here and on every instance, before the revoking request answers.
  const credentials = caches.of<string, SessionCredential | Viewer>('auth')

  // Every authenticated request runs one of these: compiled once.
  const tokenLookup = preparedQuery(db, 1, (hash: string) =>
    db
      .selectFrom('access_tokens')
      .innerJoin('users', 'users.id', 'access_tokens.user_id')
      .select([
        'users.id',
        'users.username',
        'access_tokens.id as token_id',
        'access_tokens.scopes',
      ])
      .where('access_tokens.token_hash', '=', hash),
  )
  const sessionLookup = preparedQuery(db, 1, (hash: string) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.username', 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id_hash', '=', hash),
  )

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
    }
  }

  async function createSession(userId: number): Promise<Session> {
    const { secret, hash } = newSecret()
    const csrfToken = newSecret().secret
    const now = new Date()
    await db
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

  /** After the commit that ended them: every socket these credentials opened closes. */
  async function revoked(
    userId: number,
    which: { session_hashes: string[] | null; token_ids: number[] | null },
  ) {
    await bus.publish({ type: 'credentials.revoked', user_id: userId, ...which })
  }

  function validateSignup(input: SignupInput) {
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
    validatePassword(input.password)
    assertStrongPassword(input.password, [input.username, input.email])
    if (input.account_type === 'BUSINESS' && !input.business_name?.trim()) {
      throw new BadRequestError('business_name is required for a BUSINESS account.')
    }
  }

  function validatePassword(password: string) {
    if (password.length < 8 || password.length > 256) {
      throw new BadRequestError('password must be 8 to 256 characters.', 'invalid_password')
    }
  }

  return {
    toAccount,
    toOwnAccount,

    async signup(input: SignupInput): Promise<{ user: UserRow; session: Session }> {
      validateSignup(input)
      const email = input.email.trim().toLowerCase()
      const passwordHash = await hashPassword(input.password)
      const user = await inTransaction(db, async ({ trx }) => {
        const clash = await trx
          .selectFrom('users')
          .select(['username', 'email'])
          .where((eb) => eb.or([eb('username', '=', input.username), eb('email', '=', email)]))
          .executeTakeFirst()
        if (clash?.username === input.username) {
          throw new ConflictError('That username is taken.', 'username_taken')
        }
        if (clash) throw new ConflictError('That email already has an account.', 'email_taken')
        const created = await trx
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
        await search.indexUser(trx, created.id)
        return created
      })
      return { user, session: await createSession(user.id) }
    },

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
      return { user, session: await createSession(user.id) }
    },

    async logout(sessionHash: string) {
      const ended = await db
        .deleteFrom('sessions')
        .where('id_hash', '=', sessionHash)
        .returning('user_id')
        .executeTakeFirst()
      await caches.changed('auth', [`s:${sessionHash}`])
      if (ended) await revoked(ended.user_id, { session_hashes: [sessionHash], token_ids: [] })
    },

    /** Changes the password, revokes every session, and opens a fresh one for this client. */
    async changePassword(userId: number, current: string, next: string): Promise<Session> {
      const user = await repo.findById(userId)
      if (!user) throw new UnauthorizedError()
      if (!(await verifyPassword(user.password_hash, current))) {
        throw new ForbiddenError('The current password is wrong.', 'invalid_credentials')
      }
      validatePassword(next)
      assertStrongPassword(next, [user.username, user.email])
      const hash = await hashPassword(next)
      await inTransaction(db, async ({ trx, afterCommit }) => {
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
        // the sessions by name, not "every session": the one opened below must not be hit
        const hashes = ended.map((s) => s.id_hash)
        afterCommit(() => revoked(userId, { session_hashes: hashes, token_ids: [] }))
      })
      await caches.changed('auth', null)
      return createSession(userId)
    },

    async viewerFromSession(secret: string): Promise<SessionCredential | null> {
      const hash = hashSecret(secret)
      const key = `s:${hash}`
      let session = credentials.get(key) as SessionCredential | undefined
      if (!session) {
        const stamp = credentials.stamp()
        const [row] = await sessionLookup(hash)
        if (!row) return null
        session = {
          viewer: {
            id: row.id,
            username: row.username,
            scopes: null,
            via: 'session',
            sessionHash: hash,
          },
          csrfToken: row.csrf_token,
          expiresAt: row.expires_at,
        }
        credentials.set(key, session, stamp)
      }
      return session.expiresAt < nowIso() ? null : session
    },

    async viewerFromToken(secret: string): Promise<Viewer | null> {
      const hash = hashSecret(secret)
      const key = `t:${hash}`
      const known = credentials.get(key) as Viewer | undefined
      if (known) return known
      const stamp = credentials.stamp()
      const [row] = await tokenLookup(hash)
      if (!row) return null
      const scopes = new Set(row.scopes.split(' ').filter(Boolean) as Scope[])
      const viewer: Viewer = {
        id: row.id,
        username: row.username,
        scopes,
        via: 'token',
        tokenId: row.token_id,
      }
      credentials.set(key, viewer, stamp)
      return viewer
    },

    async createToken(userId: number, name: string, scopes: string[]) {
      const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s))
      if (unknown.length) throw new BadRequestError(`Unknown scope: ${unknown.join(', ')}.`)
      if (scopes.length === 0) throw new BadRequestError('scopes must name at least one scope.')
      const { secret, hash } = newSecret('cb_')
      const row = await db
        .insertInto('access_tokens')
        .values({
          user_id: userId,
          name: name.trim(),
          token_hash: hash,
          scopes: [...new Set(scopes)].join(' '),
          created_at: nowIso(),
          last_used_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { id: String(row.id), token: secret }
    },

    async listTokens(userId: number): Promise<AccessToken[]> {
      const rows = await db
        .selectFrom('access_tokens')
        .select(['id', 'name', 'scopes', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .execute()
      return rows.map((r) => ({
        id: String(r.id),
        name: r.name,
        scopes: r.scopes.split(' ') as Scope[],
        created_at: r.created_at,
        last_used_at: r.last_used_at,
      }))
    },

    async deleteToken(userId: number, tokenId: number) {
      const res = await db
        .deleteFrom('access_tokens')
        .where('id', '=', tokenId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      if (Number(res.numDeletedRows) === 0) throw new NotFoundError('Token')
      await caches.changed('auth', null)
      await revoked(userId, { session_hashes: [], token_ids: [tokenId] })
    },

    /**
     * Ends every credential of a user at once, cached ones and open sockets, on every instance:
     * for whatever took their access away (a suspension, a deleted account), after its commit.
     */
    async revokeAll(userId: number) {
      await caches.changed('auth', null)
      await revoked(userId, { session_hashes: null, token_ids: null })
    },

    /**
     * The credentials among these that still stand, read from the database (not the cache):
     * what a socket re-checks when it opens and after a bus outage. A session also expires;
     * a credential of a user who is gone does not stand.
     */
    async standingCredentials(of: { sessionHashes: string[]; tokenIds: number[] }) {
      const now = nowIso()
      const sessions = new Set<string>()
      const tokens = new Set<number>()
      for (const chunk of chunks(of.sessionHashes)) {
        const rows = await db
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select('sessions.id_hash')
          .where('sessions.id_hash', 'in', chunk)
          .where('sessions.expires_at', '>', now)
          .execute()
        for (const r of rows) sessions.add(r.id_hash)
      }
      for (const chunk of chunks(of.tokenIds)) {
        const rows = await db
          .selectFrom('access_tokens')
          .innerJoin('users', 'users.id', 'access_tokens.user_id')
          .select('access_tokens.id')
          .where('access_tokens.id', 'in', chunk)
          .execute()
        for (const r of rows) tokens.add(r.id)
      }
      return { sessionHashes: sessions, tokenIds: tokens }
    },

    async ownAccount(userId: number) {
      const user = await repo.findById(userId)
      if (!user) throw new UnauthorizedError()
      return toOwnAccount(user)
    },

    async updateProfile(userId: number, patch: ProfilePatch): Promise<OwnAccount> {
      if (patch.website_url) {
        let url: URL
        try {
          url = new URL(patch.website_url)
        } catch {
          throw new BadRequestError('website_url must be an absolute http(s) URL.')
        }
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          throw new BadRequestError('website_url must be an absolute http(s) URL.')
        }
      }
      const set: Partial<UserRow> = {}
      if (patch.about !== undefined) set.about = patch.about
      if (patch.website_url !== undefined) set.website_url = patch.website_url || null
      if (patch.business_name !== undefined) set.business_name = patch.business_name
      if (patch.message_policy !== undefined) set.message_policy = patch.message_policy
      if (patch.profile_image_key !== undefined) set.profile_image_key = patch.profile_image_key
      if (patch.unread_digest_email !== undefined)
        set.unread_digest_email = patch.unread_digest_email ? 1 : 0
      if (Object.keys(set).length > 0) {
        await inTransaction(db, async ({ trx }) => {
          await trx.updateTable('users').set(set).where('id', '=', userId).execute()
          if (set.business_name !== undefined) await search.indexUser(trx, userId)
        })
      }
      return this.ownAccount(userId)
    },

    /**
     * A user as `viewerId` sees them: 404 to someone they blocked. The blocker still finds the
     * profile (marked `is_blocked`, its content hidden) so that they can unblock.
     */
    async userByUsername(username: string, viewerId: number | null): Promise<UserRow> {
      const user = await repo.findByUsername(username)
      if (!user) throw new NotFoundError('User')
      if (viewerId !== null && (await hasBlocked(db, user.id, viewerId))) {
        throw new NotFoundError('User')
      }
      return user
    },
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>

/** A long list in pieces a statement can take. */
function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
