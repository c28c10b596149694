import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Scope } from '../../protocol/api'
import type { AppContext } from '../context'
import type { SessionCredential } from '../domain/accounts/service'
import { requireScope, type Viewer } from '../domain/viewer'
import { ForbiddenError, UnauthorizedError } from '../errors'

export const SESSION_COOKIE = 'cb_session'
export const CSRF_COOKIE = 'cb_csrf'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function sameSecret(a: string, b: string) {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** What a request's credential turned out to be, before any scope or CSRF check. */
type Credential =
  | { via: 'none' }
  /** a token that resolves to nobody is `viewer: null` (then 401, never anonymous) */
  | { via: 'token'; viewer: Viewer | null }
  | { via: 'session'; session: SessionCredential | null }

const looked = new WeakMap<FastifyRequest, Promise<Credential>>()

/** Looks the request's credential up once: the rate limit asks first, authentication after. */
function credentialOf(ctx: AppContext, req: FastifyRequest): Promise<Credential> {
  let credential = looked.get(req)
  if (!credential) {
    credential = lookUp(ctx, req)
    looked.set(req, credential)
  }
  return credential
}

async function lookUp(ctx: AppContext, req: FastifyRequest): Promise<Credential> {
  const header = req.headers.authorization
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    const viewer = match?.[1] ? await ctx.services.accounts.viewerFromToken(match[1]) : null
    return { via: 'token', viewer }
  }
  const cookie = req.cookies[SESSION_COOKIE]
  if (!cookie) return { via: 'none' }
  return { via: 'session', session: await ctx.services.accounts.viewerFromSession(cookie) }
}

/** Whether the request names a credential at all (a Bearer header or a session cookie). */
export const carriesCredential = (req: FastifyRequest) =>
  req.headers.authorization !== undefined || Boolean(req.cookies?.[SESSION_COOKIE])

/**
 * The account the request's credential really belongs to, or null when it has none or one
 * that resolves to nobody (made up, revoked, expired): whom the rate limits count it against.
 */
export async function verifiedUserId(ctx: AppContext, req: FastifyRequest): Promise<number | null> {
  if (!carriesCredential(req)) return null
  const credential = await credentialOf(ctx, req)
  if (credential.via === 'token') return credential.viewer?.id ?? null
  if (credential.via === 'session') return credential.session?.viewer.id ?? null
  return null
}

/** Resolves the caller from a Bearer token or the session cookie, if any. */
export async function resolveViewer(ctx: AppContext, req: FastifyRequest): Promise<Viewer | null> {
  const credential = await credentialOf(ctx, req)
  if (credential.via === 'token') {
    if (!credential.viewer) {
      throw new UnauthorizedError('The access token is not valid.', 'invalid_token')
    }
    return credential.viewer
  }
  if (credential.via === 'none' || !credential.session) return null
  const { session } = credential
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
