import type { Scope } from '../../protocol/api'

/** Who is calling: a signed-in user, through a session cookie or a personal access token. */
export interface Viewer {
  id: number
  username: string
  /** null means every scope (a session cookie) */
  scopes: ReadonlySet<Scope> | null
  via: 'session' | 'token'
  /** sha256 of the session id (via 'session'): for logout, and to end its sockets on revocation */
  sessionHash?: string
  /** the access token's id (via 'token'): to end its sockets when it is deleted */
  tokenId?: number
}
