import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
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

/**
 * The device cookie (OWASP's "device cookies"): set on every successful log-in, signed with the
 * app's cookie secret, it names the account and a random nonce. A log-in to that account from
 * this browser counts its failures against the device, not the account.
 */
export const DEVICE_COOKIE = 'cb_device'
const DEVICE_MAX_AGE = 365 * 86400

export interface DeviceCookie {
  userId: number
  nonce: string
}

/** The request's device cookie when its signature holds, else null. */
export function readDeviceCookie(req: FastifyRequest): DeviceCookie | null {
  const raw = req.cookies?.[DEVICE_COOKIE]
  if (!raw) return null
  const unsigned = req.unsignCookie(raw)
  if (!unsigned.valid || unsigned.value === null) return null
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{16,64})$/.exec(unsigned.value)
  return match ? { userId: Number(match[1]), nonce: match[2]! } : null
}

/** Keeps the device's nonce when it already belongs to this account, else makes a new one. */
export function setDeviceCookie(
  reply: FastifyReply,
  userId: number,
  previous: DeviceCookie | null,
  publicUrl: string,
) {
  const nonce = previous?.userId === userId ? previous.nonce : randomBytes(18).toString('base64url')
  reply.setCookie(DEVICE_COOKIE, `${userId}.${nonce}`, {
    path: '/v5/auth/login',
    httpOnly: true,
    sameSite: 'lax',
    secure: publicUrl.startsWith('https:'),
    maxAge: DEVICE_MAX_AGE,
    signed: true,
  })
}
