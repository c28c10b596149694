import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Scope } from '../../protocol/api'
import type { AppContext } from '../context'
import type { Viewer } from '../domain/viewer'
import { ForbiddenError, UnauthorizedError } from '../errors'

export const SESSION_COOKIE = 'cb_session'
export const CSRF_COOKIE = 'cb_csrf'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function sameSecret(a: string, b: string) {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Resolves the caller from a Bearer token or the session cookie, if any. */
export async function resolveViewer(ctx: AppContext, req: FastifyRequest): Promise<Viewer | null> {
  const header = req.headers.authorization
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const viewer = match?.[1] ? await ctx.services.accounts.viewerFromToken(match[1]) : null
    if (!viewer) throw new UnauthorizedError('The access token is not valid.', 'invalid_token')
    return viewer
  }
  const cookie = req.cookies[SESSION_COOKIE]
  if (!cookie) return null
  const session = await ctx.services.accounts.viewerFromSession(cookie)
  if (!session) return null
  // A cookie rides along on cross-site requests; a state change must prove it came from us.
  if (!SAFE_METHODS.has(req.method)) {
    const token = req.headers['x-csrf-token']
    if (typeof token !== 'string' || !sameSecret(token, session.csrfToken)) {
      throw new ForbiddenError('Missing or wrong X-CSRF-Token header.', 'csrf')
    }
  }
  return session.viewer
}

export async function authenticate(
  ctx: AppContext,
  req: FastifyRequest,
  auth: 'optional' | Scope,
  optionalScope?: Scope,
): Promise<Viewer | null> {
  const viewer = await resolveViewer(ctx, req)
  if (auth === 'optional') {
    if (viewer && optionalScope) requireScope(viewer, optionalScope)
    return viewer
  }
  if (!viewer) throw new UnauthorizedError()
  requireScope(viewer, auth)
  return viewer
}

export function requireScope(viewer: Viewer, scope: Scope) {
  if (viewer.scopes && !viewer.scopes.has(scope)) {
    throw new ForbiddenError(`This token lacks the ${scope} scope.`, 'insufficient_scope')
  }
}
