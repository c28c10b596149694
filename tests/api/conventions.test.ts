import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseSnapshot } from '../support/db-snapshot'
import { DIALECTS } from '../support/dialects'
import { createTestApp, signUp, type TestApp, type TestUser } from '../support/test-app'
import { base64Source, png } from './pin-fixtures'

/**
 * Conventions every endpoint keeps, checked over the whole OpenAPI description rather than
 * endpoint by endpoint: no GET changes state, and a read-only token cannot write.
 */

interface Operation {
  method: string
  path: string
}

async function operations(t: TestApp): Promise<Operation[]> {
  const spec = (await t.app.inject('/docs/json')).json() as {
    paths: Record<string, Record<string, unknown>>
  }
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({ method: method.toUpperCase(), path })),
  )
}

/**
 * Sign-up and log-in take no credentials; an email's unsubscribe link is its own credential
 * (an HMAC of the account, see digests-smtp.test.ts): neither takes a session or a token.
 */
const signedByLink = (path: string) => path.startsWith('/v5/auth/') || path.startsWith('/v5/email/')

for (const dialect of DIALECTS) {
  describe(`API conventions over every endpoint [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    const ids: Record<string, string> = {}

    const fill = (path: string) =>
      path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? '1')

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ana = await signUp(t)
      bo = await signUp(t)
      ids.username = ana.username
      const board = await ana.call({
        method: 'POST',
        url: '/v5/boards',
        payload: { name: 'Camping', privacy: 'PUBLIC' },
      })
      ids.board_id = board.json().id
      const section = await ana.call({
        method: 'POST',
        url: `/v5/boards/${ids.board_id}/sections`,
        payload: { name: 'Tents' },
      })
      ids.section_id = section.json().id
      const pin = await ana.call({
        method: 'POST',
        url: '/v5/pins',
        payload: {
          board_id: ids.board_id,
          title: 'Tent',
          link: 'https://example.com/tent',
          media_source: base64Source(await png(120, 90)),
        },
      })
      expect(pin.statusCode).toBe(201)
      ids.pin_id = pin.json().id
      const token = await ana.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: { name: 'x', scopes: ['pins:read'] },
      })
      ids.token_id = token.json().id
      await bo.call({ method: 'POST', url: `/v5/user_account/following/${ana.username}` })
    })
    afterAll(() => t.close())

    it('no GET changes state (the tracked /source redirect aside)', async () => {
      const gets = (await operations(t)).filter(
        (op) => op.method === 'GET' && op.path.startsWith('/v5/') && !op.path.endsWith('/source'),
      )
      expect(gets.length).toBeGreaterThan(15)
      const before = await databaseSnapshot(t)
      for (const op of gets) {
        const url = fill(op.path)
        for (const res of [
          await ana.call({ method: 'GET', url }),
          await t.app.inject({
            method: 'GET',
            url,
            headers: { authorization: `Bearer ${bo.token}` },
          }),
          await t.app.inject({ method: 'GET', url }),
        ]) {
          expect(res.statusCode, `${op.path} → ${res.body}`).toBeLessThan(500)
        }
      }
      expect(await databaseSnapshot(t)).toEqual(before)
    })

    it('a token with only read scopes gets 403 on every write endpoint', async () => {
      const created = await ana.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: {
          name: 'read only',
          scopes: ['pins:read', 'boards:read', 'user_accounts:read', 'messages:read'],
        },
      })
      const readOnly = created.json().token as string
      const writes = (await operations(t)).filter(
        (op) => op.method !== 'GET' && op.path.startsWith('/v5/') && !signedByLink(op.path),
      )
      expect(writes.length).toBeGreaterThan(15)
      const before = await databaseSnapshot(t)
      for (const op of writes) {
        const res = await t.app.inject({
          method: op.method as 'POST',
          url: fill(op.path),
          headers: { authorization: `Bearer ${readOnly}` },
          payload: {},
        })
        expect(res.statusCode, `${op.method} ${op.path}`).toBe(403)
        expect(res.json()).toMatchObject({ code: 403, reason: 'insufficient_scope' })
      }
      expect(await databaseSnapshot(t)).toEqual(before)
    })

    it('every endpoint without credentials answers 401 or serves public content only', async () => {
      for (const op of await operations(t)) {
        if (!op.path.startsWith('/v5/') || signedByLink(op.path)) continue
        // searches need their one required parameter to say anything
        const search = op.path.startsWith('/v5/search/') ? '?query=tent' : ''
        const res = await t.app.inject({
          method: op.method as 'GET',
          url: fill(op.path) + search,
          payload: op.method === 'GET' ? undefined : {},
        })
        if (op.method !== 'GET') expect(res.statusCode, `${op.method} ${op.path}`).toBe(401)
        else expect([200, 302, 401, 404], `${op.path}`).toContain(res.statusCode)
      }
    })
  })
}
