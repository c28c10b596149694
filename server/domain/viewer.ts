import type { Scope } from '../../protocol/api'
import { ForbiddenError } from '../errors'

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

/** Whether the viewer's credential carries `scope` (a session cookie carries every one). */
export const hasScope = (viewer: Viewer, scope: Scope) => !viewer.scopes || viewer.scopes.has(scope)

/** 403 insufficient_scope unless the viewer's credential carries `scope` (REST and socket alike). */
export function requireScope(viewer: Viewer, scope: Scope) {
  if (!hasScope(viewer, scope)) {
    throw new ForbiddenError(`This token lacks the ${scope} scope.`, 'insufficient_scope')
  }
}
