import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp } from '../support/users'

for (const dialect of DIALECTS) {
  describe(`accounts [${dialect}]`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp(dialect)
    })
    afterAll(() => t.close())

    it('signs up, returns the account and a CSRF token, and sets an HttpOnly session cookie', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        payload: { username: 'ana', email: 'Ana@Example.com', password: 'long enough pw' },
      })
      expect(res.statusCode).toBe(201)
      const body = res.json()
      expect(body.account).toMatchObject({
        username: 'ana',
        email: 'ana@example.com',
        account_type: 'PINNER',
        message_policy: 'mutual',
        unread_digest_email: true,
        follower_count: 0,
      })
      expect(typeof body.account.id).toBe('string')
      expect(body.csrf_token).toMatch(/.{20,}/)
      const session = res.cookies.find((c) => c.name === 'cb_session')
      expect(session?.httpOnly).toBe(true)
      expect(session?.sameSite).toBe('Lax')
    })

    it('refuses an email address no mail could be sent to', async () => {
      for (const email of ['a,b@example.com', 'a"b@example.com', 'ab@example', 'a b@example.com']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v5/auth/signup',
          payload: { username: 'maildrop', email, password: 'long enough pw' },
        })
        expect(res.statusCode, email).toBe(400)
        expect(res.json().reason, email).toBe('invalid_email')
      }
    })

    it('refuses sign-up and log-in posted as a form (another site could post one: 415)', async () => {
      for (const url of ['/v5/auth/signup', '/v5/auth/login']) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'username=mallory&email=m%40example.com&password=long+enough+pw',
        })
        expect(res.statusCode, url).toBe(415)
        expect(res.json()).toMatchObject({ code: 415, reason: 'unsupported_media' })
        expect(res.headers['set-cookie'], url).toBeUndefined()
      }
    })

    it('refuses a taken username, a bad username and a short password with 4xx {code,message}', async () => {
      const taken = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        payload: { username: 'ana', email: 'other@example.com', password: 'long enough pw' },
      })
      expect(taken.statusCode).toBe(409)
      expect(taken.json()).toMatchObject({ code: 409, reason: 'username_taken' })
      const bad = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        payload: { username: 'A B', email: 'x@example.com', password: 'long enough pw' },
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().code).toBe(400)
      const short = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        payload: { username: 'shorty', email: 's@example.com', password: 'short' },
      })
      expect(short.statusCode).toBe(400)
    })

    it('logs in by username or email, rotates the session, and logs out', async () => {
      const a = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        payload: { username_or_email: 'ANA@example.com', password: 'long enough pw' },
      })
      expect(a.statusCode).toBe(200)
      const b = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        payload: { username_or_email: 'ana', password: 'long enough pw' },
      })
      const ca = a.cookies.find((c) => c.name === 'cb_session')!.value
      const cb = b.cookies.find((c) => c.name === 'cb_session')!.value
      expect(ca).not.toBe(cb)
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        payload: { username_or_email: 'ana', password: 'wrong password' },
      })
      expect(wrong.statusCode).toBe(401)

      const me = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { cookie: `cb_session=${cb}` },
      })
      expect(me.json().username).toBe('ana')
      const out = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/logout',
        headers: { cookie: `cb_session=${cb}`, 'x-csrf-token': b.json().csrf_token },
      })
      expect(out.statusCode).toBe(204)
      const after = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { cookie: `cb_session=${cb}` },
      })
      expect(after.statusCode).toBe(401)
      // the other session is untouched
      const still = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { cookie: `cb_session=${ca}` },
      })
      expect(still.statusCode).toBe(200)
    })

    it('refuses a cookie-authed state change without the CSRF header', async () => {
      const u = await signUp(t)
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/v5/user_account',
        headers: { cookie: u.cookie },
        payload: { about: 'hi' },
      })
      expect(res.statusCode).toBe(403)
      expect(res.json().reason).toBe('csrf')
      const wrong = await t.app.inject({
        method: 'PATCH',
        url: '/v5/user_account',
        headers: { cookie: u.cookie, 'x-csrf-token': 'nope' },
        payload: { about: 'hi' },
      })
      expect(wrong.statusCode).toBe(403)
      const ok = await u.call({
        method: 'PATCH',
        url: '/v5/user_account',
        payload: { about: 'hi' },
      })
      expect(ok.statusCode).toBe(200)
      expect(ok.json().about).toBe('hi')
    })

    it('changing the password revokes every session', async () => {
      const u = await signUp(t)
      const other = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        payload: { username_or_email: u.username, password: 'correct horse battery' },
      })
      const otherCookie = `cb_session=${other.cookies.find((c) => c.name === 'cb_session')!.value}`
      const res = await u.call({
        method: 'POST',
        url: '/v5/user_account/password',
        payload: { current_password: 'correct horse battery', new_password: 'a new passphrase' },
      })
      expect(res.statusCode).toBe(200)
      const gone = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { cookie: otherCookie },
      })
      expect(gone.statusCode).toBe(401)
    })

    it('stores tokens hashed, shows them once, and enforces scopes', async () => {
      const u = await signUp(t)
      const created = await u.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: { name: 'read only', scopes: ['user_accounts:read'] },
      })
      expect(created.statusCode).toBe(201)
      const { id, token } = created.json()
      const stored = await t.ctx.db
        .selectFrom('access_tokens')
        .selectAll()
        .where('id', '=', Number(id))
        .executeTakeFirstOrThrow()
      expect(stored.token_hash).not.toContain(token)
      expect(JSON.stringify(stored)).not.toContain(token)

      const read = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(read.statusCode).toBe(200)
      const write = await t.app.inject({
        method: 'PATCH',
        url: '/v5/user_account',
        headers: { authorization: `Bearer ${token}` },
        payload: { about: 'nope' },
      })
      expect(write.statusCode).toBe(403)
      expect(write.json()).toMatchObject({ code: 403, reason: 'insufficient_scope' })

      const list = await u.call({ method: 'GET', url: '/v5/user_account/tokens' })
      expect(list.json().items.map((x: { name: string }) => x.name)).toContain('read only')
      expect(list.body).not.toContain(token)

      const del = await u.call({ method: 'DELETE', url: `/v5/user_account/tokens/${id}` })
      expect(del.statusCode).toBe(204)
      const revoked = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { authorization: `Bearer ${token}` },
      })
      expect(revoked.statusCode).toBe(401)
    })

    it('stores message_policy and validates it', async () => {
      const u = await signUp(t)
      const ok = await u.call({
        method: 'PATCH',
        url: '/v5/user_account',
        payload: { message_policy: 'nobody' },
      })
      expect(ok.json().message_policy).toBe('nobody')
      const bad = await u.call({
        method: 'PATCH',
        url: '/v5/user_account',
        payload: { message_policy: 'everyone' },
      })
      expect(bad.statusCode).toBe(400)
    })

    it('refuses a common password at sign-up and at a password change, saying why', async () => {
      const weak = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        payload: { username: 'weakling', email: 'weak@example.com', password: 'password123' },
      })
      expect(weak.statusCode).toBe(400)
      expect(weak.json()).toMatchObject({ code: 400, reason: 'weak_password' })
      expect(weak.json().message).toMatch(/common/i)
      // nothing was created: the name is still free
      const free = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        payload: { username: 'weakling', email: 'weak@example.com', password: 'long enough pw' },
      })
      expect(free.statusCode).toBe(201)

      // the account's own name is no password either
      const own = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        payload: {
          username: 'wrangler_quokka',
          email: 'wrangler_quokka@example.com',
          password: 'wrangler_quokka',
        },
      })
      expect(own.statusCode).toBe(400)
      expect(own.json().reason).toBe('weak_password')

      const u = await signUp(t)
      const change = await u.call({
        method: 'POST',
        url: '/v5/user_account/password',
        payload: { current_password: 'correct horse battery', new_password: 'password123' },
      })
      expect(change.statusCode).toBe(400)
      expect(change.json()).toMatchObject({ code: 400, reason: 'weak_password' })
      // the old password still works: nothing changed
      const still = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        payload: { username_or_email: u.username, password: 'correct horse battery' },
      })
      expect(still.statusCode).toBe(200)
    })

    it('serves a public profile, and 404 for unknown users', async () => {
      const u = await signUp(t)
      const res = await t.app.inject({ method: 'GET', url: `/v5/users/${u.username}` })
      expect(res.statusCode).toBe(200)
      expect(res.json()).not.toHaveProperty('email')
      const missing = await t.app.inject({ method: 'GET', url: '/v5/users/nobody_here' })
      expect(missing.statusCode).toBe(404)
      expect(missing.json()).toMatchObject({ code: 404 })
    })
  })
}
