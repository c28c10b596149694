import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, freshUsername, signUp, type TestUser } from '../support/users'
import { HIGH_LIMITS } from './messaging-fixtures'
import { createPin, graphRow, makeBoard } from './pin-fixtures'

/** A UTC date `offset` days from today, YYYY-MM-DD. */
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

interface Row {
  user: { username: string; is_following?: boolean }
  took_part_at: string
  how: 'save' | 'send'
  can_message: boolean
  reason: string | null
  follows_brand: boolean
  thanked_at: string | null
}

/**
 * Promotions, their participants and the brand's influencers (issue 13): participants come
 * from what really happened (saves of the pin, messages carrying it) inside the window, one
 * row per person with their first act; whether the brand may message each is the messaging
 * rules' answer; brand endpoints are for business accounts with the ads scopes.
 */
for (const dialect of DIALECTS) {
  describe(`promotions and participants [${dialect}]`, () => {
    let t: TestApp
    let brand: TestUser
    let rival: TestUser
    let pinner: TestUser
    let friend: TestUser
    let pinId: string
    let otherPinId: string
    let rivalPinId: string
    let n = 0

    const api = (who: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      callAs(t, who, { method, url, ...(payload ? { payload } : {}) })

    const business = (prefix: string) =>
      signUp(t, freshUsername(prefix), { account_type: 'BUSINESS', business_name: `${prefix} Co` })

    async function person(prefix: string) {
      const user = await signUp(t, freshUsername(prefix))
      return { user, board: await makeBoard(t, user) }
    }

    /** Saves the pin to one of `who`'s boards (a new pin with parent_pin_id); answers its id. */
    async function save(who: { user: TestUser; board: string }, pin = pinId) {
      const res = await api(who.user, 'POST', `/v5/pins/${pin}/save`, { board_id: who.board })
      expect(res.statusCode, res.body).toBe(201)
      return Number(res.json().id)
    }

    /** Sends the pin to `friend` in a 1:1 (mutual follows written straight in); its message id. */
    async function send(who: TestUser, pin = pinId) {
      await graphRow(t, 'follows', who, friend)
      await graphRow(t, 'follows', friend, who)
      const open = await api(who, 'POST', '/v5/conversations', { participants: [friend.username] })
      expect(open.statusCode, open.body).toBeLessThan(300)
      const res = await api(who, 'POST', `/v5/conversations/${open.json().id}/messages`, {
        client_message_id: `promo-${dialect}-${++n}`,
        attachment: { type: 'pin', id: pin },
      })
      expect(res.statusCode, res.body).toBe(201)
      return Number(res.json().id)
    }

    /** Moves an act in time, as if it had happened then. */
    const at = (table: 'pins' | 'messages', id: number, time: string) =>
      t.ctx.db.updateTable(table).set({ created_at: time }).where('id', '=', id).execute()

    async function promote(body: Record<string, unknown> = {}, who = brand) {
      return api(who, 'POST', '/v5/promotions', {
        pin_id: pinId,
        name: `Summer ${++n}`,
        start_date: day(-1),
        end_date: day(1),
        counts: 'either',
        ...body,
      })
    }

    /** Every participant of a promotion, read page by page (`size` a page). */
    async function participants(promotionId: string, size = 100): Promise<Row[]> {
      const rows: Row[] = []
      let bookmark: string | null = null
      do {
        const q: string = `page_size=${size}${bookmark ? `&bookmark=${bookmark}` : ''}`
        const res = await api(brand, 'GET', `/v5/promotions/${promotionId}/participants?${q}`)
        expect(res.statusCode, res.body).toBe(200)
        rows.push(...(res.json().items as Row[]))
        bookmark = res.json().bookmark
      } while (bookmark)
      return rows
    }

    beforeAll(async () => {
      t = await createTestApp(dialect, {}, { overrides: { messaging: { limits: HIGH_LIMITS } } })
      brand = await business('brand')
      rival = await business('rival')
      pinner = await signUp(t, freshUsername('pinner'))
      friend = await signUp(t, freshUsername('friend'))
      const board = await makeBoard(t, brand)
      pinId = (await createPin(t, brand, board, { title: 'Lantern' })).id
      otherPinId = (await createPin(t, brand, board, { title: 'Stove' })).id
      rivalPinId = (await createPin(t, rival, await makeBoard(t, rival))).id
    })
    afterAll(() => t.close())

    it('participants are exactly those who saved or sent the pin inside the window', async () => {
      const [start, end] = [day(-1), day(1)]
      const saver = await person('saver')
      const sender = await person('sender')
      const both = await person('both')
      const sendFirst = await person('sendfirst')
      const early = await person('early')
      const late = await person('late')
      const edges = await person('edges')
      const otherPin = await person('otherpin')
      const brandBoard = await makeBoard(t, brand)

      await save(saver)
      await send(sender.user)
      // one person, two acts: one row, their first act
      await at('pins', await save(both), `${start}T08:00:00.000Z`)
      await at('messages', await send(both.user), `${start}T09:00:00.000Z`)
      await at('messages', await send(sendFirst.user), `${start}T07:00:00.000Z`)
      await at('pins', await save(sendFirst), `${start}T10:00:00.000Z`)
      // just outside the window (UTC, dates inclusive)
      await at('pins', await save(early), `${day(-2)}T23:59:59.999Z`)
      await at('messages', await send(early.user), `${day(-2)}T12:00:00.000Z`)
      await at('pins', await save(late), `${day(2)}T00:00:00.000Z`)
      // just inside, at both ends
      await at('pins', await save(edges), `${start}T00:00:00.000Z`)
      await at('messages', await send(edges.user), `${end}T23:59:59.999Z`)
      // the brand's own acts, and another pin of the brand's
      await save({ user: brand, board: brandBoard })
      await send(brand)
      await send(otherPin.user, otherPinId)
      await save(otherPin, otherPinId)

      const either = await promote({ start_date: start, end_date: end })
      expect(either.statusCode, either.body).toBe(201)
      const id = either.json().id as string
      const rows = await participants(id)
      const byName = new Map(rows.map((r) => [r.user.username, r]))
      expect(new Set(byName.keys())).toEqual(
        new Set([saver, sender, both, sendFirst, edges].map((p) => p.user.username)),
      )
      expect(rows).toHaveLength(5)
      expect(byName.get(saver.user.username)!.how).toBe('save')
      expect(byName.get(sender.user.username)!.how).toBe('send')
      expect(byName.get(both.user.username)).toMatchObject({
        how: 'save',
        took_part_at: `${start}T08:00:00.000Z`,
      })
      expect(byName.get(sendFirst.user.username)).toMatchObject({
        how: 'send',
        took_part_at: `${start}T07:00:00.000Z`,
      })
      expect(byName.get(edges.user.username)).toMatchObject({
        how: 'save',
        took_part_at: `${start}T00:00:00.000Z`,
      })
      // in order of when they took part; paging by two gives the same list
      const times = rows.map((r) => r.took_part_at)
      expect([...times].sort()).toEqual(times)
      expect(await participants(id, 2)).toEqual(rows)
      expect(rows.every((r) => r.thanked_at === null)).toBe(true)

      // what counts: saves only, sends only
      const saves = await promote({ start_date: start, end_date: end, counts: 'save' })
      const savers = (await participants(saves.json().id)).map((r) => r.user.username)
      expect(new Set(savers)).toEqual(
        new Set([saver, both, sendFirst, edges].map((p) => p.user.username)),
      )
      const sends = await promote({ start_date: start, end_date: end, counts: 'send' })
      const sendRows = await participants(sends.json().id)
      expect(new Set(sendRows.map((r) => r.user.username))).toEqual(
        new Set([sender, both, sendFirst, edges].map((p) => p.user.username)),
      )
      expect(sendRows.every((r) => r.how === 'send')).toBe(true)
      expect(sendRows.find((r) => r.user.username === both.user.username)!.took_part_at).toBe(
        `${start}T09:00:00.000Z`,
      )
    })

    it('says per participant whether the brand may message them now, and why not', async () => {
      const mutual = await person('mutual')
      const followsBrand = await person('fan')
      const blocker = await person('blocker')
      const closed = await person('closed')
      const picky = await person('picky')
      for (const p of [mutual, followsBrand, blocker, closed, picky]) await save(p)
      await graphRow(t, 'follows', mutual.user, brand)
      await graphRow(t, 'follows', brand, mutual.user)
      await graphRow(t, 'follows', followsBrand.user, brand)
      await graphRow(t, 'blocks', blocker.user, brand)
      await graphRow(t, 'follows', closed.user, brand)
      await graphRow(t, 'follows', brand, closed.user)
      const policy = await api(closed.user, 'PATCH', '/v5/user_account', {
        message_policy: 'nobody',
      })
      expect(policy.statusCode).toBe(200)
      // accepts messages only from people they follow, and does not follow the brand
      await api(picky.user, 'PATCH', '/v5/user_account', { message_policy: 'following' })
      await graphRow(t, 'follows', brand, picky.user)

      const promo = await promote({ counts: 'save' })
      const rows = new Map(
        (await participants(promo.json().id)).map((r) => [r.user.username, r] as const),
      )
      const of = (p: { user: TestUser }) => rows.get(p.user.username)!
      expect(of(mutual)).toMatchObject({ can_message: true, reason: null, follows_brand: false })
      expect(of(mutual).user.is_following).toBe(true)
      expect(of(followsBrand)).toMatchObject({
        can_message: false,
        reason: 'not_mutual',
        follows_brand: true,
      })
      expect(of(blocker)).toMatchObject({ can_message: false, reason: 'blocked' })
      expect(of(closed)).toMatchObject({
        can_message: false,
        reason: 'policy_nobody',
        follows_brand: false,
      })
      expect(of(picky)).toMatchObject({ can_message: false, reason: 'not_mutual' })
    })

    it('ranks followers by influence; only followers appear', async () => {
      const [top, second, idle, stranger] = await Promise.all(
        ['top', 'second', 'idle', 'stranger'].map((p) => signUp(t, freshUsername(p))),
      )
      const solo = await business('solo')
      for (const f of [top!, second!, idle!]) await graphRow(t, 'follows', f, solo)
      await graphRow(t, 'follows', solo, top!)
      const influence = (user: TestUser, values: Record<string, number>) =>
        t.ctx.db
          .insertInto('brand_influence')
          .values({ brand_id: Number(solo.id), user_id: Number(user.id), ...values })
          .execute()
      // score = sends + 2·saves + 2·clicks via messages + 5·invites accepted
      await influence(top!, { sends: 1, invites_accepted: 2 }) // 11
      await influence(second!, { sends: 3, saves_via_message: 1, clicks_via_message: 2 }) // 9
      await influence(stranger!, { sends: 100 }) // not a follower
      const res = await api(solo, 'GET', '/v5/brand/influencers')
      expect(res.statusCode, res.body).toBe(200)
      const items = res.json().items as {
        user: { username: string }
        score: number
        can_message: boolean
        reason: string | null
      }[]
      expect(items.map((i) => [i.user.username, i.score])).toEqual([
        [top!.username, 11],
        [second!.username, 9],
        [idle!.username, 0],
      ])
      expect(items[0]).toMatchObject({ sends: 1, invites_accepted: 2, can_message: true })
      expect(items[1]).toMatchObject({
        sends: 3,
        saves_via_message: 1,
        clicks_via_message: 2,
        invites_accepted: 0,
        can_message: false,
        reason: 'not_mutual',
      })
      // page by page, the same order
      const seen: string[] = []
      let bookmark: string | null = null
      do {
        const q: string = `page_size=1${bookmark ? `&bookmark=${bookmark}` : ''}`
        const page = await api(solo, 'GET', `/v5/brand/influencers?${q}`)
        seen.push(...page.json().items.map((i: { user: { username: string } }) => i.user.username))
        bookmark = page.json().bookmark
      } while (bookmark)
      expect(seen).toEqual(items.map((i) => i.user.username))
    })

    it('lists and gets the brand’s own promotions only', async () => {
      const solo = await business('lister')
      const pin = (await createPin(t, solo, await makeBoard(t, solo))).id
      const made: string[] = []
      for (let i = 0; i < 3; i++) {
        const res = await promote({ pin_id: pin, name: `  Spring ${i}  ` }, solo)
        expect(res.statusCode, res.body).toBe(201)
        expect(res.json()).toMatchObject({ pin_id: pin, name: `Spring ${i}`, counts: 'either' })
        made.push(res.json().id)
      }
      const first = await api(solo, 'GET', '/v5/promotions?page_size=2')
      expect(first.json().items.map((p: { id: string }) => p.id)).toEqual([made[2], made[1]])
      const second = await api(solo, 'GET', `/v5/promotions?bookmark=${first.json().bookmark}`)
      expect(second.json()).toEqual({
        items: [expect.objectContaining({ id: made[0] })],
        bookmark: null,
      })
      expect((await api(solo, 'GET', `/v5/promotions/${made[0]}`)).json().id).toBe(made[0])
      // another brand's promotion is not there for it
      expect((await api(brand, 'GET', `/v5/promotions/${made[0]}`)).statusCode).toBe(404)
      expect((await api(brand, 'GET', `/v5/promotions/${made[0]}/participants`)).statusCode).toBe(
        404,
      )
    })

    it('refuses bad input with a 4xx and a clear reason', async () => {
      const expect400 = async (body: Record<string, unknown>) => {
        const res = await promote(body)
        expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(400)
        expect(res.json()).toMatchObject({ code: 400, reason: 'invalid_input' })
      }
      await expect400({ start_date: '2026-02-30', end_date: '2026-03-02' })
      await expect400({ start_date: '2026-13-01' })
      await expect400({ start_date: '2026-1-01' })
      await expect400({ start_date: '0001-01-01' })
      await expect400({ start_date: day(3), end_date: day(1) })
      await expect400({ start_date: '2024-01-01', end_date: '2025-01-01' }) // 367 days
      await expect400({ name: '   ' })
      await expect400({ name: 'a'.repeat(101) })
      await expect400({ name: 'nul\u0000name' })
      await expect400({ counts: 'like' })
      await expect400({ pin_id: '99999999999999999999' })
      await expect400({ pin_id: 12 })
      // 366 days is the longest window
      expect((await promote({ start_date: '2024-01-01', end_date: '2024-12-31' })).statusCode).toBe(
        201,
      )

      const rivalPin = await promote({ pin_id: rivalPinId })
      expect(rivalPin.statusCode).toBe(403)
      expect(rivalPin.json()).toMatchObject({ reason: 'not_owner' })
      for (const missing of ['9999999999999999', '999999999']) {
        const res = await promote({ pin_id: missing })
        expect(res.statusCode, missing).toBe(404)
      }
      // a pin on someone's secret board is as if it did not exist
      const secret = (await createPin(t, rival, await makeBoard(t, rival, 'SECRET'))).id
      expect((await promote({ pin_id: secret })).statusCode).toBe(404)

      for (const url of [
        '/v5/promotions/9999999999999999',
        '/v5/promotions/999999999/participants',
      ]) {
        expect((await api(brand, 'GET', url)).statusCode, url).toBe(404)
      }
      for (const url of [
        '/v5/promotions/0',
        '/v5/promotions/99999999999999999999',
        '/v5/promotions/x',
      ]) {
        expect((await api(brand, 'GET', url)).statusCode, url).toBe(400)
      }
      const id = (await promote()).json().id as string
      for (const url of [
        `/v5/promotions/${id}/participants?bookmark=nope`,
        `/v5/promotions/${id}/participants?bookmark=${Buffer.from('{"at":"x","id":1}').toString('base64url')}`,
        '/v5/promotions?bookmark=bad',
        '/v5/brand/influencers?bookmark=bad',
        '/v5/promotions?page_size=0',
      ]) {
        const res = await api(brand, 'GET', url)
        expect(res.statusCode, url).toBe(400)
      }
    })

    it('answers odd but well-formed input with a 2xx or a 4xx, never a 5xx', async () => {
      let seed = 13
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n)
      const pad = (v: number, w: number) => String(v).padStart(w, '0')
      const date = () => `${pad(rand(10_000), 4)}-${pad(1 + rand(12), 2)}-${pad(1 + rand(31), 2)}`
      const names = ['\u{1F3D5} camp', 'a\u0001b', '\ud800', ' \t\n ', 'x'.repeat(100), '"; drop']
      // a brand of its own: this is more promotions than one brand may make in a minute
      const fuzzer = await business('fuzzer')
      const ownPin = (await createPin(t, fuzzer, await makeBoard(t, fuzzer))).id
      const ids = [ownPin, pinId, '1', '9007199254740993', '9999999999999999']
      for (let i = 0; i < 50; i++) {
        const start = i % 2 ? date() : day(rand(5) - 2)
        const body = {
          pin_id: ids[rand(ids.length)]!,
          name: names[rand(names.length)]!,
          start_date: start,
          end_date: i % 3 ? date() : start,
          counts: (['save', 'send', 'either'] as const)[rand(3)],
        }
        const res = await promote(body, fuzzer)
        expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBeLessThan(500)
        if (res.statusCode === 201) {
          const got = await api(fuzzer, 'GET', `/v5/promotions/${res.json().id}/participants`)
          expect(got.statusCode, got.body).toBe(200)
        }
      }
    })

    it('is for business accounts with the ads scopes', async () => {
      const promo = (await promote()).json().id as string
      const endpoints: [string, string, object?][] = [
        [
          'POST',
          '/v5/promotions',
          { pin_id: pinId, name: 'x', start_date: day(0), end_date: day(0), counts: 'save' },
        ],
        ['GET', '/v5/promotions'],
        ['GET', `/v5/promotions/${promo}`],
        ['GET', `/v5/promotions/${promo}/participants`],
        ['GET', '/v5/brand/influencers'],
      ]
      for (const [method, url, payload] of endpoints) {
        const res = await api(pinner, method as 'GET', url, payload)
        expect(res.statusCode, `${method} ${url}`).toBe(403)
        expect(res.json()).toMatchObject({ code: 403, reason: 'not_business' })
      }
      const token = async (scopes: string[]) => {
        const res = await api(brand, 'POST', '/v5/user_account/tokens', { name: 'ads', scopes })
        expect(res.statusCode, res.body).toBe(201)
        return res.json().token as string
      }
      const withToken = (tok: string, method: string, url: string, payload?: object) =>
        t.app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: `Bearer ${tok}` },
          ...(payload ? { payload } : {}),
        })
      const noAds = await token(['pins:read', 'user_accounts:read'])
      const readAds = await token(['ads:read'])
      for (const [method, url, payload] of endpoints) {
        const res = await withToken(noAds, method, url, payload)
        expect(res.statusCode, `${method} ${url}`).toBe(403)
        expect(res.json()).toMatchObject({ reason: 'insufficient_scope' })
        const read = await withToken(readAds, method, url, payload)
        if (method === 'GET') expect(read.statusCode, `${method} ${url}`).toBe(200)
        else expect(read.json()).toMatchObject({ code: 403, reason: 'insufficient_scope' })
      }
    })

    it('lets a pinner switch to a business account in settings, and back', async () => {
      const switcher = await signUp(t, freshUsername('switch'))
      const patch = (body: object) => api(switcher, 'PATCH', '/v5/user_account', body)
      const noName = await patch({ account_type: 'BUSINESS' })
      expect(noName.statusCode).toBe(400)
      expect((await patch({ account_type: 'BUSINESS', business_name: '  ' })).statusCode).toBe(400)
      expect((await patch({ account_type: 'ADMIN' })).statusCode).toBe(400)
      expect((await api(switcher, 'GET', '/v5/promotions')).json().reason).toBe('not_business')

      const on = await patch({ account_type: 'BUSINESS', business_name: ' Lamp Works ' })
      expect(on.statusCode, on.body).toBe(200)
      expect(on.json()).toMatchObject({ account_type: 'BUSINESS', business_name: 'Lamp Works' })
      expect((await api(switcher, 'GET', '/v5/promotions')).statusCode).toBe(200)

      const off = await patch({ account_type: 'PINNER' })
      expect(off.json()).toMatchObject({ account_type: 'PINNER', business_name: null })
      expect((await api(switcher, 'GET', '/v5/brand/influencers')).statusCode).toBe(403)
      // a business keeps its name when it switches with none given
      await patch({ account_type: 'BUSINESS', business_name: 'Lamp Works' })
      const again = await patch({ account_type: 'BUSINESS' })
      expect(again.json()).toMatchObject({ account_type: 'BUSINESS', business_name: 'Lamp Works' })
    })
  })
}
