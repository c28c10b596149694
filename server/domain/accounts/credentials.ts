import type { Scope } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { preparedQuery } from '../../db/prepared'
import { suspendedError } from '../moderation/suspension'
import type { Caches } from '../caches'
import type { BusEvent } from '../events'
import type { Unit, Units } from '../unit'
import type { Viewer } from '../viewer'
import { hashSecret } from './tokens'

/** A session: whose it is and the CSRF token its state changes must carry. */
export interface SessionCredential {
  viewer: Viewer
  csrfToken: string
  expiresAt: string
}

type Revocation = Extract<BusEvent, { type: 'credentials.revoked' }>

/** Declares in `unit` that these credentials ended: every socket they opened closes, once committed. */
export function revoked(
  unit: Unit,
  userId: number,
  which: Pick<Revocation, 'session_hashes' | 'token_ids'>,
): void {
  unit.publish({ type: 'credentials.revoked', user_id: userId, ...which })
}

/** A long list in pieces a statement can take, read piece by piece. */
async function inChunks<T, R>(items: T[], read: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += 500) out.push(...(await read(items.slice(i, i + 500))))
  return out
}

/**
 * Who a session or an access token belongs to, for every authenticated request: kept in
 * memory by the credential's hash ('s:' sessions, 't:' tokens). Whatever ends a credential
 * drops it (`unit.changed('auth', …)`) here and on every instance, before its request answers.
 */
export function createCredentials(deps: { units: Units; caches: Caches }) {
  const { units } = deps
  const { db } = units
  const credentials = deps.caches.of<string, SessionCredential | Viewer>('auth')

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
        'users.suspended_at',
        'users.suspension_reason',
      ])
      .where('access_tokens.token_hash', '=', hash)
      .where('users.deleted_at', 'is', null),
  )
  const sessionLookup = preparedQuery(db, 1, (hash: string) =>
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.username', 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id_hash', '=', hash)
      .where('users.suspended_at', 'is', null)
      .where('users.deleted_at', 'is', null),
  )

  return {
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
      // a suspended account's token is refused with the reason (not cached: it may be lifted)
      if (row.suspended_at !== null) throw suspendedError(row.suspension_reason)
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

    /**
     * Ends every credential of a user at once, cached ones and open sockets, on every instance:
     * for whatever took their access away (a suspension, a deleted account), in its unit
     * (`within`) or, without one, on its own.
     */
    revokeAll: (userId: number, within?: Unit) =>
      units.run(async (unit) => {
        unit.changed('auth', null)
        revoked(unit, userId, { session_hashes: null, token_ids: null })
      }, within),

    /**
     * The credentials among these that still stand, read from the database (not the cache):
     * what a socket re-checks when it opens and after a bus outage. A session also expires;
     * a credential of a user who is gone does not stand.
     */
    async standingCredentials(of: { sessionHashes: string[]; tokenIds: number[] }) {
      const now = nowIso()
      const sessions = await inChunks(of.sessionHashes, (chunk) =>
        db
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select('sessions.id_hash')
          .where('sessions.id_hash', 'in', chunk)
          .where('sessions.expires_at', '>', now)
          .where('users.suspended_at', 'is', null)
          .where('users.deleted_at', 'is', null)
          .execute(),
      )
      const tokens = await inChunks(of.tokenIds, (chunk) =>
        db
          .selectFrom('access_tokens')
          .innerJoin('users', 'users.id', 'access_tokens.user_id')
          .select('access_tokens.id')
          .where('access_tokens.id', 'in', chunk)
          .where('users.suspended_at', 'is', null)
          .where('users.deleted_at', 'is', null)
          .execute(),
      )
      return {
        sessionHashes: new Set(sessions.map((r) => r.id_hash)),
        tokenIds: new Set(tokens.map((r) => r.id)),
      }
    },
  }
}
