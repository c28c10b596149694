import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'

for (const dialect of DIALECTS) {
  describe(`system endpoints and HTTP conventions [${dialect}]`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp(dialect)
    })
    afterAll(() => t.close())

    it('answers /healthz, /readyz and Prometheus /metrics', async () => {
      expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' })
      expect((await t.app.inject('/readyz')).json()).toEqual({
        status: 'ready',
        checks: { database: 'ok', redis: 'not_configured' },
      })
      await t.app.inject('/v5/users/someone')
      const metrics = await t.app.inject('/metrics')
      expect(metrics.statusCode).toBe(200)
      expect(metrics.body).toContain('http_request_duration_seconds_bucket')
    })

    it('publishes the API as OpenAPI at /docs/json and a page at /docs', async () => {
      const spec = (await t.app.inject('/docs/json')).json()
      expect(spec.openapi).toMatch(/^3\./)
      expect(Object.keys(spec.paths)).toEqual(
        expect.arrayContaining(['/v5/user_account', '/v5/auth/signup', '/v5/users/{username}']),
      )
      const page = await t.app.inject('/docs/')
      expect(page.statusCode).toBe(200)
      expect(page.headers['content-type']).toContain('text/html')
    })

    it('sends the security headers: helmet’s set on pages, the API set on data', async () => {
      const page = await t.app.inject('/docs/')
      expect(page.headers['content-security-policy']).toContain("default-src 'self'")
      expect(page.headers['content-security-policy']).toContain("script-src 'self'")
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN')
      for (const url of ['/v5/users/nobody_here', '/healthz']) {
        const res = await t.app.inject(url)
        expect(res.headers['content-security-policy']).toBe(
          "default-src 'none'; frame-ancestors 'none'",
        )
        expect(res.headers['x-frame-options']).toBe('DENY')
      }
      for (const url of ['/docs/', '/v5/users/nobody_here', '/healthz']) {
        const res = await t.app.inject(url)
        expect(res.headers['x-content-type-options'], url).toBe('nosniff')
        expect(res.headers['strict-transport-security'], url).toBeDefined()
        expect(res.headers['referrer-policy'], url).toBe('no-referrer')
      }
    })

    it('sends rate-limit headers on every API response', async () => {
      const res = await t.app.inject('/v5/users/nobody_here')
      expect(res.headers['x-ratelimit-limit']).toBeDefined()
      expect(res.headers['x-ratelimit-remaining']).toBeDefined()
      expect(res.headers['x-ratelimit-reset']).toBeDefined()
    })

    it('counts each caller apart: remaining goes down by one per request', async () => {
      const at = (remoteAddress: string) =>
        t.app.inject({ url: '/v5/users/nobody_here', remoteAddress })
      const first = Number((await at('10.7.7.1')).headers['x-ratelimit-remaining'])
      expect(Number((await at('10.7.7.1')).headers['x-ratelimit-remaining'])).toBe(first - 1)
      expect(Number((await at('10.7.7.2')).headers['x-ratelimit-remaining'])).toBe(first)
      expect(Number((await at('10.7.7.1')).headers['x-ratelimit-reset'])).toBeGreaterThan(0)
    })

    it('ignores X-Forwarded-For unless TRUST_PROXY is set: a client cannot pick its address', async () => {
      let last
      for (let i = 0; i < 40; i++) {
        last = await t.app.inject({
          method: 'POST',
          url: '/v5/auth/login',
          remoteAddress: '10.8.8.8',
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
          payload: { username_or_email: 'nobody', password: 'wrong password' },
        })
        if (last.statusCode === 429) break
      }
      expect(last!.statusCode).toBe(429)
    })

    it('answers 429 with Retry-After past a limit', async () => {
      let last
      for (let i = 0; i < 40; i++) {
        last = await t.app.inject({
          method: 'POST',
          url: '/v5/auth/login',
          remoteAddress: '10.9.9.9',
          // an empty body (400) counts against the route's limit; wrong passwords would meet
          // the log-in throttle's own 429 (login_throttled) first
          payload: {},
        })
        if (last.statusCode === 429) break
      }
      expect(last!.statusCode).toBe(429)
      expect(last!.headers['retry-after']).toBeDefined()
      expect(last!.json()).toMatchObject({ code: 429, reason: 'rate_limited' })
    })

    it('answers unknown routes, malformed JSON and oversized bodies with {code, message}', async () => {
      const missing = await t.app.inject('/v5/nothing-here')
      expect(missing.statusCode).toBe(404)
      expect(missing.json()).toMatchObject({ code: 404, message: expect.any(String) })

      const malformed = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        headers: { 'content-type': 'application/json' },
        payload: '{"username": ',
      })
      expect(malformed.statusCode).toBe(400)
      expect(malformed.json()).toMatchObject({ code: 400, message: expect.any(String) })

      const empty = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/logout',
        headers: { 'content-type': 'application/json' },
      })
      expect(empty.statusCode).toBe(204)

      const poisoned = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        headers: { 'content-type': 'application/json' },
        payload: '{"__proto__": {"admin": true}}',
      })
      expect(poisoned.statusCode).toBe(400)

      const huge = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024) }),
      })
      expect(huge.statusCode).toBe(413)
      expect(huge.json()).toMatchObject({ code: 413 })

      const wrongType = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        headers: { 'content-type': 'application/xml' },
        payload: '<x/>',
      })
      expect(wrongType.statusCode).toBe(415)
      expect(wrongType.json()).toMatchObject({ code: 415 })
    })
  })
}
