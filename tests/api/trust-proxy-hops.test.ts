import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'

/**
 * Issue 11, item 3 (review): with TRUST_PROXY=1 the client address is the one the reverse
 * proxy itself added, the last X-Forwarded-For entry. A proxy appends to the header the client
 * sent, so its first entries are whatever the client chose: keyed on those, a client would
 * pick a fresh address, and a fresh bucket, for every request.
 */
const SIGNUP_LIMIT = 20

for (const dialect of DIALECTS) {
  describe(`TRUST_PROXY trusts one hop, not the client's own entries [${dialect}]`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp(dialect, { TRUST_PROXY: '1' })
    }, 30_000)
    afterAll(() => t?.close())

    /** A sign-up (an empty body: a cheap 400 the limit counts) through the proxy on loopback. */
    const viaProxy = (forwardedFor: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': forwardedFor },
        payload: {},
      })

    it('forged leading entries do not make a client someone new', async () => {
      let before = 0
      for (; before < SIGNUP_LIMIT + 5; before++) {
        const res = await viaProxy(`198.51.100.${before}, 203.0.113.10`)
        if (res.statusCode === 429) break
      }
      expect(before).toBe(SIGNUP_LIMIT)
      // another client behind the same proxy has a budget of its own
      expect((await viaProxy('198.51.100.1, 203.0.113.11')).statusCode).toBe(400)
      // a client that sent no header of its own is the single entry the proxy wrote
      expect((await viaProxy('203.0.113.12')).statusCode).toBe(400)
    })
  })
}
