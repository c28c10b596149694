import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { waitFor } from '../support/wait'
import { HIGH_LIMITS, mutual, mutualAmong, clientId } from './messaging-fixtures'
import { createPin, follow, makeBoard } from './pin-fixtures'

const DAY = 86_400_000
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Brand analytics against a hand-computed scenario: every figure below is counted from the
 * actions in `beforeAll`, by other people than the brand (the brand's own are never counted).
 */
for (const dialect of DIALECTS) {
  describe(`brand analytics [${dialect}]`, () => {
    let t: TestApp
    let brand: TestUser
    let u1: TestUser
    let u2: TestUser
    let u3: TestUser
    let pinId: string
    const today = dateOf(Date.now())
    const start = dateOf(Date.now() - 2 * DAY)

    const get = (who: TestUser | null, url: string) => callAs(t, who, { method: 'GET', url })
    const ok = async (who: TestUser | null, url: string, opts: object = {}) => {
      const res = await callAs(t, who, { method: 'GET', url, ...opts })
      expect(res.statusCode, `${url} → ${res.body}`).toBeLessThan(400)
      return res
    }
    const post = async (who: TestUser, url: string, payload: object) => {
      const res = await callAs(t, who, { method: 'POST', url, payload })
      expect(res.statusCode, `${url} → ${res.body}`).toBeLessThan(300)
      return res.json()
    }
    /** Writes what the recorder holds, then reads the report. */
    async function report(query = `start_date=${start}&end_date=${today}`) {
      await t.ctx.services.recorder.flush()
      const res = await get(brand, `/v5/brand/analytics?${query}`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json()
    }
    const share = (who: TestUser, email: string) =>
      post(who, '/v5/share', {
        recipients: [{ email }],
        attachment: { type: 'pin', id: pinId },
        client_message_id: clientId(),
      })
    const sendPin = async (who: TestUser, conversationId: string) =>
      post(who, `/v5/conversations/${conversationId}/messages`, {
        client_message_id: clientId(),
        attachment: { type: 'pin', id: pinId },
      })
    const pairWith = async (a: TestUser, b: TestUser) =>
      (await post(a, '/v5/conversations', { participants: [b.username] })).id as string

    async function inviteToken(email: string) {
      let text = ''
      await waitFor(`a mail to ${email}`, async () => {
        const mail = (await t.ctx.mailer.outbox!.list(50)).find((m) => m.to === email)
        text = mail?.text ?? ''
        return mail !== undefined
      })
      return decodeURIComponent(/\/invite\/(\S+)/.exec(text)![1]!)
    }

    beforeAll(async () => {
      t = await createTestApp(
        dialect,
        { ANALYTICS_FLUSH_MS: '50' },
        { overrides: { messaging: { limits: HIGH_LIMITS } } },
      )
      brand = await signUp(t, `brand_an_${dialect}`, {
        account_type: 'BUSINESS',
        business_name: 'Lantern Co',
      })
      ;[u1, u2, u3] = [
        await signUp(t, `u1_an_${dialect}`),
        await signUp(t, `u2_an_${dialect}`),
        await signUp(t, `u3_an_${dialect}`),
      ]
      const board = await makeBoard(t, brand)
      pinId = (
        await createPin(t, brand, board, {
          title: 'Zephyrlantern brass',
          link: 'https://lantern.example.com/brass',
        })
      ).id
      await mutualAmong(t, [u1, u2, u3])
      await mutual(t, brand, u1)

      // impressions: a feed page (u1 follows the brand), a board page, a search page — 3
      await ok(u1, '/v5/feed')
      await ok(u2, `/v5/boards/${board}/pins`)
      const found = await ok(u3, '/v5/search/pins?query=zephyrlantern')
      expect(found.json().items.map((p: { id: string }) => p.id)).toContain(pinId)
      // the brand's own views count for nothing
      await ok(brand, '/v5/feed')
      await ok(brand, `/v5/boards/${board}/pins`)
      await ok(brand, `/v5/pins/${pinId}`)

      // close-ups: 3
      await ok(u1, `/v5/pins/${pinId}`)
      await ok(u1, `/v5/pins/${pinId}`)
      await ok(u2, `/v5/pins/${pinId}`)

      // sends: u1 twice in c12, u2 once in c23 (the brand's own send: nothing) — 3 so far
      const c12 = await pairWith(u1, u2)
      const c23 = await pairWith(u2, u3)
      const m1 = await sendPin(u1, c12)
      await sendPin(u1, c12)
      const m3 = await sendPin(u2, c23)
      await sendPin(brand, await pairWith(brand, u1))

      // conversation pages: u2's messages page (one pin shown) and pins page — 2 impressions
      await ok(u2, `/v5/conversations/${c12}/messages`)
      await ok(u2, `/v5/conversations/${c12}/pins`)

      // saves: u2 from u1's card, u3 from nowhere in particular — 2 (1 via a message)
      const b2 = await makeBoard(t, u2)
      const b3 = await makeBoard(t, u3)
      await post(u2, `/v5/pins/${pinId}/save`, { board_id: b2, message_id: m1.id })
      await post(u3, `/v5/pins/${pinId}/save`, { board_id: b3 })

      // source clicks: u3 through u2's card, u1 from the feed — 2 (1 via a message)
      for (const [who, via] of [
        [u3, `message:${m3.id}`],
        [u1, 'feed'],
        [brand, 'feed'],
      ] as const) {
        const res = await get(who, `/v5/pins/${pinId}/source?via=${encodeURIComponent(via)}`)
        expect(res.statusCode).toBe(302)
      }

      // invites: u1 to one address, u2 to two, the brand to one (not counted) — 3 by 2 inviters
      const invited = `newcomer_an_${dialect}@example.com`
      await share(u1, invited)
      await share(u2, `b_an_${dialect}@example.com`)
      await share(u2, `c_an_${dialect}@example.com`)
      await share(brand, `d_an_${dialect}@example.com`)
      // one accepted: a new member, and the inviter's 1:1 opens with the pin (a 4th send, a
      // 3rd conversation)
      const token = await inviteToken(invited)
      await signUp(t, `newcomer_an_${dialect}`, { email: invited, invite_token: token })
      await follow(t, u3, brand)
    })
    afterAll(() => t.close())

    const expected = {
      impressions: 5,
      closeups: 3,
      saves: 2,
      source_clicks: 2,
      message_sends: 4,
      message_conversations: 3,
      saves_via_message: 1,
      clicks_via_message: 1,
      invites_sent: 3,
      invites_accepted: 1,
    }
    const zeros = Object.fromEntries(Object.keys(expected).map((k) => [k, 0]))

    it('matches the hand-computed figures, per day (zeros included) and over the range', async () => {
      const body = await report()
      expect(body.daily).toEqual([
        { date: start, ...zeros },
        { date: dateOf(Date.now() - DAY), ...zeros },
        { date: today, ...expected },
      ])
      // 1 accepted invite over 2 members who invited
      expect(body.summary).toEqual({ ...expected, viral_factor: 0.5 })
    })

    it('credits what people did through messages to the sender (influencers)', async () => {
      await t.ctx.services.recorder.flush()
      const rows = await t.ctx.db
        .selectFrom('brand_influence')
        .selectAll()
        .where('brand_id', '=', Number(brand.id))
        .orderBy('user_id')
        .execute()
      expect(rows.map((r) => ({ ...r }))).toEqual([
        {
          brand_id: Number(brand.id),
          user_id: Number(u1.id),
          sends: 3,
          saves_via_message: 1,
          clicks_via_message: 0,
          invites_accepted: 1,
        },
        {
          brand_id: Number(brand.id),
          user_id: Number(u2.id),
          sends: 1,
          saves_via_message: 0,
          clicks_via_message: 1,
          invites_accepted: 0,
        },
      ])
    })

    it("answers one pin alone, and only the brand's own", async () => {
      const one = await report(`start_date=${today}&end_date=${today}&pin_id=${pinId}`)
      expect(one.daily).toEqual([{ date: today, ...expected }])
      const theirs = await createPin(t, u1, await makeBoard(t, u1))
      const res = await get(
        brand,
        `/v5/brand/analytics?start_date=${today}&end_date=${today}&pin_id=${theirs.id}`,
      )
      expect(res.statusCode).toBe(403)
    })

    it('gives the same figures as CSV: a header and one row per day', async () => {
      const json = await report()
      const res = await get(
        brand,
        `/v5/brand/analytics?start_date=${start}&end_date=${today}&format=csv`,
      )
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/csv/)
      const [header, ...lines] = res.body
        .trim()
        .split(/\r?\n/)
        .map((l) => l.split(','))
      expect(header).toEqual(['date', ...Object.keys(expected)])
      const rows = lines.map((cells) =>
        Object.fromEntries(header!.map((h, i) => [h, h === 'date' ? cells[i] : Number(cells[i])])),
      )
      expect(rows).toEqual(json.daily)
    })

    it('refuses bad ranges with 400, other accounts with 403 not_business, tokens without ads:read', async () => {
      for (const q of [
        `start_date=${today}&end_date=${start}`, // end before start
        `start_date=2024-01-01&end_date=2025-01-02`, // 368 days
        `start_date=2025-02-30&end_date=2025-03-01`, // no such day
        `start_date=2025-1-1&end_date=2025-01-02`, // not YYYY-MM-DD
        `end_date=${today}`, // no start
      ]) {
        const res = await get(brand, `/v5/brand/analytics?${q}`)
        expect(res.statusCode, q).toBe(400)
      }
      expect(
        (await get(brand, `/v5/brand/analytics?start_date=2024-01-01&end_date=2024-12-31`))
          .statusCode,
      ).toBe(200)
      const pinner = await get(u1, `/v5/brand/analytics?start_date=${start}&end_date=${today}`)
      expect(pinner.statusCode).toBe(403)
      expect(pinner.json().reason).toBe('not_business')
      const token = await post(brand, '/v5/user_account/tokens', {
        name: 'pins',
        scopes: ['pins:read'],
      })
      const scoped = await t.app.inject({
        url: `/v5/brand/analytics?start_date=${start}&end_date=${today}`,
        headers: { authorization: `Bearer ${token.token}` },
      })
      expect(scoped.statusCode).toBe(403)
      expect(scoped.json().reason).toBe('insufficient_scope')
    })

    it('writes what is pending on close, and a restart counts nothing twice', async () => {
      const before = (await report()).summary
      // a close-up recorded just before the server stops: written by close, not lost
      await ok(u2, `/v5/pins/${pinId}`)
      t = await t.reopen()
      const after = (await report()).summary
      expect(after).toEqual({ ...before, closeups: before.closeups + 1 })
      // and once more: nothing pending, nothing added
      t = await t.reopen()
      expect((await report()).summary).toEqual(after)
    })
  })
}

/** With a flush interval far beyond the test, only a close can have written what was recorded. */
for (const dialect of DIALECTS) {
  describe(`analytics flush on close [${dialect}]`, () => {
    it('writes what is pending when the server stops, and only then', async () => {
      let t = await createTestApp(dialect, { ANALYTICS_FLUSH_MS: '60000' })
      try {
        const brand = await signUp(t, `brand_cl_${dialect}`, {
          account_type: 'BUSINESS',
          business_name: 'Close Co',
        })
        const fan = await signUp(t, `fan_cl_${dialect}`)
        const pin = await createPin(t, brand, await makeBoard(t, brand))
        for (let i = 0; i < 3; i++) {
          const res = await callAs(t, fan, { method: 'GET', url: `/v5/pins/${pin.id}` })
          expect(res.statusCode).toBe(200)
        }
        expect(t.ctx.services.recorder.pendingCount()).toBe(3)
        const stored = () => t.ctx.db.selectFrom('analytics_pin_days').select('closeups').execute()
        expect(await stored()).toEqual([])
        t = await t.reopen()
        expect(await stored()).toEqual([{ closeups: 3 }])
      } finally {
        await t.close()
      }
    })
  })
}
