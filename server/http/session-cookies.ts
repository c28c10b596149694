import type { FastifyReply } from 'fastify'
import type { Session } from '../domain/accounts/service'
import { CSRF_COOKIE, SESSION_COOKIE } from './auth'

const MAX_AGE = 30 * 86400

export function setSessionCookies(reply: FastifyReply, session: Session, publicUrl: string) {
  const secure = publicUrl.startsWith('https:')
  reply.setCookie(SESSION_COOKIE, session.secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: MAX_AGE,
  })
  // Readable by the web app, which echoes it in X-CSRF-Token; useless to another site.
  reply.setCookie(CSRF_COOKIE, session.csrfToken, {
    path: '/',
    httpOnly: false,
    sameSite: 'lax',
    secure,
    maxAge: MAX_AGE,
  })
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' })
  reply.clearCookie(CSRF_COOKIE, { path: '/' })
}
