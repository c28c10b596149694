import { randomBytes } from 'node:crypto'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { SCOPES } from '../../protocol/api'
import type { TestApp } from './test-app'

/** Someone signed up, with a personal access token of every scope. */
export interface ApiUser {
  id: string
  username: string
  token: string
}

/** A signed-up user of an in-process app, and their session. */
export interface TestUser extends ApiUser {
  cookie: string
  csrf: string
  /** inject as this user over the session cookie, CSRF header included */
  call(opts: InjectOptions): Promise<LightMyRequestResponse>
}

/** Which of a user's credentials a call carries. */
export type Credential = 'token' | 'session'

/** The headers that carry `user`'s token, or their session cookie with the CSRF header. */
export const credentialHeaders = (
  user: TestUser,
  credential: Credential = 'token',
): Record<string, string> =>
  credential === 'token'
    ? { authorization: `Bearer ${user.token}` }
    : { cookie: user.cookie, 'x-csrf-token': user.csrf }

/**
 * Injects a request as `user` — with their all-scopes personal access token, or over their
 * session cookie with the CSRF header — or anonymously (`null`). The request's own headers win.
 */
export function callAs(
  t: TestApp,
  user: TestUser | null,
  opts: InjectOptions,
  credential: Credential = 'token',
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    ...opts,
    headers: { ...(user ? credentialHeaders(user, credential) : {}), ...(opts.headers ?? {}) },
  }) as Promise<LightMyRequestResponse>
}

let usernames = 0
/** A username no other in this run has: `prefix`, a counter and a random tail. */
export const freshUsername = (prefix = 'user') =>
  `${prefix}${++usernames}_${randomBytes(2).toString('hex')}`

let addresses = 0
const nextAddress = () => {
  const n = ++addresses
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
}

/** A POST from one client address, answered with its status, JSON body and cookies. */
type Post = (
  url: string,
  payload: Record<string, unknown>,
  address: string,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Record<string, unknown>; cookie: string }>

const injected =
  (t: TestApp): Post =>
  async (url, payload, remoteAddress, headers = {}) => {
    const res = await t.app.inject({ method: 'POST', url, remoteAddress, headers, payload })
    return {
      status: res.statusCode,
      body: parseJson(res.body),
      cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    }
  }

/** Over HTTP to a server process, which trusts X-Forwarded-For for the client's address. */
const overHttp =
  (baseUrl: string): Post =>
  async (url, payload, address, headers = {}) => {
    const res = await fetch(baseUrl + url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(10_000),
    })
    return {
      status: res.status,
      body: parseJson(await res.text()),
      cookie: res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; '),
    }
  }

function parseJson(text: string): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {}
  } catch {
    return { text }
  }
}

/**
 * Signs someone up and makes them a personal access token of every scope: in an in-process app
 * (a TestApp) or over HTTP at a server process's base URL. Each sign-up comes from an address
 * of its own, as real people's do (sign-up and token creation are rate limited per address).
 */
export async function signUp(
  t: TestApp,
  username?: string,
  extra?: Record<string, unknown>,
): Promise<TestUser>
export async function signUp(
  baseUrl: string,
  username?: string,
  extra?: Record<string, unknown>,
): Promise<ApiUser>
export async function signUp(
  on: TestApp | string,
  username = freshUsername(),
  extra: Record<string, unknown> = {},
): Promise<ApiUser | TestUser> {
  const post = typeof on === 'string' ? overHttp(on) : injected(on)
  const address = nextAddress()
  const res = await post(
    '/v5/auth/signup',
    { username, email: `${username}@example.com`, password: 'correct horse battery', ...extra },
    address,
  )
  if (res.status !== 201)
    throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`)
  const { cookie } = res
  const csrf = res.body.csrf_token as string
  const made = await post(
    '/v5/user_account/tokens',
    { name: 'all', scopes: [...SCOPES] },
    address,
    { cookie, 'x-csrf-token': csrf },
  )
  if (made.status !== 201) throw new Error(`token: ${made.status} ${JSON.stringify(made.body)}`)
  const id = (res.body.account as { id: string }).id
  const user: ApiUser = { id, username, token: made.body.token as string }
  if (typeof on === 'string') return user
  const testUser: TestUser = {
    ...user,
    cookie,
    csrf,
    call: (opts) => callAs(on, testUser, opts, 'session'),
  }
  return testUser
}
