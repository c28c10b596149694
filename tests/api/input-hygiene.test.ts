import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeBookmark } from '../../server/domain/pagination'
import { buildApiWorld, fillPath } from '../support/api-world'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import type { TestUser } from '../support/users'

/**
 * No input answers 5xx, on either dialect: a NUL byte (which PostgreSQL refuses in text) in
 * any body string, query value or path parameter is a 400 naming the field, and a forged
 * bookmark is a 400 `invalid_bookmark` on every list endpoint.
 */

const NUL = '\u0000'
const enc = (b: string) => encodeURIComponent(b)
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Every position key any list uses, each set to the same bad value. */
const POSITION_KEYS = ['id', 'since', 'at', 'seq', 's', 'i', 'w', 'p']
const everyKey = (v: unknown) => Object.fromEntries(POSITION_KEYS.map((k) => [k, v]))

/** The lists whose position holds a time (`since` or `at`) beside an id. */
const TIMED_LIST = /\/(followers|following|blocks)(\/boards)?$|^\/v5\/conversations$/

/** [what, bookmark, only for timed lists] */
const FORGED_BOOKMARKS: [string, string, boolean?][] = [
  ['not base64 JSON', 'not-a-bookmark!'],
  ['a JSON number', forge(5)],
  ['a JSON array', forge([1, 2])],
  ['null', forge(null)],
  ['an empty object', forge({})],
  ['strings', forge(everyKey('abc'))],
  ['numeric strings out of range', forge(everyKey('99999999999999999999999'))],
  ['huge numbers', forge(everyKey(1e30))],
  ['negative numbers', forge(everyKey(-1))],
  ['fractions', forge(everyKey(1.5))],
  ['NUL bytes', forge(everyKey(NUL))],
  ['nulls', forge(everyKey(null))],
  ['arrays', forge(everyKey([1]))],
  ['objects', forge(everyKey({ a: 1 }))],
  ['a bad time', forge({ id: 3, since: '2020-13-45T99:00:00Z', at: 'yesterday' }), true],
  ['a NUL time', forge({ id: 3, since: `2020-01-01T00:00:00.000Z${NUL}`, at: NUL }), true],
  ['an over-long time', forge({ id: 3, since: '2'.repeat(150), at: '2'.repeat(150) }), true],
  ['a time as a huge epoch', forge({ id: 3, since: 1e300, at: -5 }), true],
]

describe('decodeBookmark checks each position value against its kind', () => {
  const spec = { since: 'time', id: 'id' } as const
  const decode = (v: unknown) => decodeBookmark(forge(v), spec)
  const refused = (v: unknown) =>
    expect(() => decode(v), JSON.stringify(v)).toThrow(
      expect.objectContaining({ status: 400, reason: 'invalid_bookmark' }),
    )

  it('takes what lists hand out, numeric string ids and epoch times', () => {
    expect(decode({ since: '2026-12-02T10:00:00.123Z', id: 7 })).toEqual({
      since: '2026-12-02T10:00:00.123Z',
      id: 7,
    })
    expect(decode({ since: 0, id: '12' })).toEqual({ since: '1970-01-01T00:00:00.000Z', id: 12 })
    expect(decodeBookmark(undefined, spec)).toBeNull()
    expect(decodeBookmark(forge({ p: 2 }), { p: 'flag' }, { s: 'count' })).toEqual({ p: 2 })
  })

  it('refuses anything else', () => {
    for (const id of [0, -1, 1.5, 2 ** 53, 1e30, '1e3', '007', '', null, [], {}, true]) {
      refused({ since: '2026-12-02T10:00:00Z', id })
    }
    for (const since of [
      '2026-12-02',
      '2026-13-02T10:00:00Z',
      `2026-12-02T10:00:00Z${NUL}`,
      -1,
      1e300,
      1.5,
      null,
    ]) {
      refused({ since, id: 1 })
    }
    refused({ id: 1 })
    refused([1, 2])
    expect(() => decodeBookmark(forge({ p: 1, s: -1 }), { p: 'flag' }, { s: 'count' })).toThrow()
    expect(() => decodeBookmark(forge({ s: 1e16, i: 1 }), { s: 'score', i: 'id' })).toThrow()
  })
})

for (const dialect of DIALECTS) {
  describe(`input hygiene [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let shop: TestUser
    let ids: Record<string, string> = {}
    /** who lists `path`: the business account for the brand lists (others are refused them) */
    const caller = (path: string) => (/^\/v5\/(promotions|brand)\//.test(path + '/') ? shop : ana)
    const fill = (path: string) => fillPath(path, ids)

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ;({ ana, shop, ids } = await buildApiWorld(t))
    })
    afterAll(() => t.close())

    const expectNulRefused = (res: LightMyRequestResponse, field: string) => {
      expect(res.statusCode, res.body).toBe(400)
      const body = res.json()
      expect(body).toMatchObject({ code: 400, reason: 'invalid_input' })
      expect(body.message).toContain(field)
    }

    const nulCases: [string, string, () => Promise<LightMyRequestResponse>][] = [
      [
        'log-in username_or_email',
        'username_or_email',
        () =>
          t.app.inject({
            method: 'POST',
            url: '/v5/auth/login',
            payload: { username_or_email: `ana${NUL}`, password: 'correct horse battery' },
          }),
      ],
      [
        'log-in password',
        'password',
        () =>
          t.app.inject({
            method: 'POST',
            url: '/v5/auth/login',
            payload: { username_or_email: ana.username, password: `correct${NUL}horse` },
          }),
      ],
      [
        'sign-up email',
        'email',
        () =>
          t.app.inject({
            method: 'POST',
            url: '/v5/auth/signup',
            remoteAddress: '10.250.0.1',
            payload: {
              username: 'nully',
              email: `nully${NUL}@example.com`,
              password: 'correct horse battery',
            },
          }),
      ],
      [
        'sign-up password',
        'password',
        () =>
          t.app.inject({
            method: 'POST',
            url: '/v5/auth/signup',
            remoteAddress: '10.250.0.2',
            payload: {
              username: 'nully2',
              email: 'nully2@example.com',
              password: `correct horse${NUL}battery`,
            },
          }),
      ],
      [
        'board name',
        'name',
        () =>
          ana.call({ method: 'POST', url: '/v5/boards', payload: { name: `Tents${NUL}and more` } }),
      ],
      [
        'board description',
        'description',
        () =>
          ana.call({
            method: 'PATCH',
            url: `/v5/boards/${ids.board_id}`,
            payload: { description: `x${NUL}` },
          }),
      ],
      [
        'section name',
        'name',
        () =>
          ana.call({
            method: 'POST',
            url: `/v5/boards/${ids.board_id}/sections`,
            payload: { name: NUL },
          }),
      ],
      [
        'pin title',
        'title',
        () =>
          ana.call({
            method: 'PATCH',
            url: `/v5/pins/${ids.pin_id}`,
            payload: { title: `Tent${NUL}` },
          }),
      ],
      [
        'account about',
        'about',
        () =>
          ana.call({ method: 'PATCH', url: '/v5/user_account', payload: { about: `hi${NUL}` } }),
      ],
      [
        'token name',
        'name',
        () =>
          ana.call({
            method: 'POST',
            url: '/v5/user_account/tokens',
            payload: { name: `t${NUL}`, scopes: ['pins:read'] },
          }),
      ],
      [
        'message text',
        'text',
        () =>
          ana.call({
            method: 'POST',
            url: `/v5/conversations/${ids.conversation_id}/messages`,
            payload: { client_message_id: 'nul-1', text: `hello${NUL}there` },
          }),
      ],
      [
        'message client_message_id',
        'client_message_id',
        () =>
          ana.call({
            method: 'POST',
            url: `/v5/conversations/${ids.conversation_id}/messages`,
            payload: { client_message_id: `id${NUL}`, text: 'hello' },
          }),
      ],
      [
        'a nested array item (share recipient)',
        'recipients',
        () =>
          ana.call({
            method: 'POST',
            url: '/v5/share',
            payload: {
              recipients: [{ email: `x${NUL}@example.com` }],
              attachment: { type: 'pin', id: ids.pin_id },
              client_message_id: 'share-nul',
            },
          }),
      ],
      [
        'conversation title',
        'title',
        () =>
          ana.call({
            method: 'PATCH',
            url: `/v5/conversations/${ids.conversation_id}`,
            payload: { title: `t${NUL}` },
          }),
      ],
      [
        'search pins query',
        'query',
        () => ana.call({ method: 'GET', url: `/v5/search/pins?query=${enc(`tent${NUL}`)}` }),
      ],
      [
        'search boards query',
        'query',
        () => ana.call({ method: 'GET', url: `/v5/search/boards?query=${enc(`tent${NUL}`)}` }),
      ],
      [
        'search users query (anonymous)',
        'query',
        () => t.app.inject({ method: 'GET', url: `/v5/search/users?query=${enc(`an${NUL}`)}` }),
      ],
      [
        'typeahead query',
        'query',
        () => ana.call({ method: 'GET', url: `/v5/search/typeahead?query=${enc(`b${NUL}`)}` }),
      ],
      [
        'bookmark query value',
        'bookmark',
        () => ana.call({ method: 'GET', url: `/v5/boards?bookmark=${enc(`ab${NUL}`)}` }),
      ],
      [
        'username path parameter',
        'username',
        () => ana.call({ method: 'GET', url: `/v5/users/${enc(`ana${NUL}`)}` }),
      ],
      [
        'follow username path parameter',
        'username',
        () => ana.call({ method: 'POST', url: `/v5/user_account/following/${enc(`x${NUL}`)}` }),
      ],
      [
        'invite token path parameter',
        'token',
        () => t.app.inject({ method: 'GET', url: `/v5/invites/${enc(`tok${NUL}en`)}` }),
      ],
    ]

    for (const [name, field, call] of nulCases) {
      it(`a NUL byte in the ${name} is a 400 naming ${field}`, async () => {
        expectNulRefused(await call(), field)
      })
    }

    it('a NUL byte in a key of the body, or deep inside it, is a 400 too', async () => {
      expectNulRefused(
        await ana.call({
          method: 'PATCH',
          url: '/v5/user_account',
          payload: { about: 'fine', [`k${NUL}`]: 'x' },
        }),
        'body',
      )
    })

    it('a path that is not valid percent-encoded UTF-8, or an over-long path parameter, is a 400 in the usual shape', async () => {
      for (const url of [
        '/v5/users/%FF',
        '/v5/boards/%ED%A0%80/pins', // an encoded lone surrogate
        `/v5/users/${'x'.repeat(500)}`,
        `/v5/conversations/${'9'.repeat(500)}/messages`,
      ]) {
        for (const res of [await ana.call({ method: 'GET', url }), await t.app.inject(url)]) {
          expect(res.statusCode, `${url} → ${res.body}`).toBe(400)
          expect(res.json()).toEqual({
            code: 400,
            message: expect.any(String),
            reason: 'invalid_input',
          })
        }
      }
    })

    it('the same strings without the NUL byte are accepted', async () => {
      const res = await ana.call({
        method: 'POST',
        url: `/v5/conversations/${ids.conversation_id}/messages`,
        payload: { client_message_id: 'ok-1', text: 'hello there \u202e\u0301😀' },
      })
      expect(res.statusCode).toBe(201)
      const search = await ana.call({ method: 'GET', url: '/v5/search/pins?query=tent' })
      expect(search.statusCode).toBe(200)
    })

    describe('forged bookmarks', () => {
      let lists: string[] = []
      beforeAll(async () => {
        const spec = (await t.app.inject('/docs/json')).json() as {
          paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>
        }
        lists = Object.entries(spec.paths)
          .filter(([, ops]) =>
            ops.get?.parameters?.some((p) => p.in === 'query' && p.name === 'bookmark'),
          )
          .map(([path]) => path)
      })

      it('every list endpoint with a bookmark is covered', () => {
        expect(lists.length).toBeGreaterThanOrEqual(17)
      })

      it('every list endpoint answers a real bookmark of its own with 200', async () => {
        for (const path of lists) {
          const search = path.startsWith('/v5/search/') ? 'query=tent&' : ''
          const first = await caller(path).call({
            method: 'GET',
            url: `${fill(path)}?${search}page_size=1`,
          })
          expect(first.statusCode, `${path} → ${first.body}`).toBe(200)
          const bookmark = first.json().bookmark as string | null
          if (!bookmark) continue
          const next = await caller(path).call({
            method: 'GET',
            url: `${fill(path)}?${search}page_size=1&bookmark=${bookmark}`,
          })
          expect(next.statusCode, `${path} → ${next.body}`).toBe(200)
        }
      })

      for (const [what, bookmark, timedOnly] of FORGED_BOOKMARKS) {
        it(`a bookmark of ${what} is a 400 invalid_bookmark on every list endpoint`, async () => {
          const failures: string[] = []
          const affected = timedOnly ? lists.filter((p) => TIMED_LIST.test(p)) : lists
          if (timedOnly) expect(affected.length).toBeGreaterThanOrEqual(7)
          for (const path of affected) {
            const search = path.startsWith('/v5/search/') ? 'query=tent&' : ''
            const opts: InjectOptions = {
              method: 'GET',
              url: `${fill(path)}?${search}bookmark=${enc(bookmark)}`,
            }
            for (const res of [await caller(path).call(opts), await t.app.inject(opts)]) {
              if (res.statusCode === 401) continue // anonymous on a signed-in list
              const body = res.json()
              if (res.statusCode !== 400 || body.reason !== 'invalid_bookmark') {
                failures.push(`${path}: ${res.statusCode} ${res.body.slice(0, 120)}`)
              }
            }
          }
          expect(failures).toEqual([])
        })
      }
    })
  })
}
