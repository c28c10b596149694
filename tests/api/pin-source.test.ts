import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin, makeBoard } from './pin-fixtures'

for (const dialect of DIALECTS) {
  describe(`GET /v5/pins/{id}/source: no open redirect for strangers [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    let pin: { id: string }
    const clicks = async (pinId: string) => {
      const rows = await t.ctx.db
        .selectFrom('pin_clicks')
        .select(['user_id', 'via'])
        .where('pin_id', '=', Number(pinId))
        .orderBy('id')
        .execute()
      const { click_count } = await t.ctx.db
        .selectFrom('pins')
        .select('click_count')
        .where('id', '=', Number(pinId))
        .executeTakeFirstOrThrow()
      return {
        rows: rows.map((c) => ({
          user_id: c.user_id === null ? null : String(c.user_id),
          via: c.via,
        })),
        count: Number(click_count),
      }
    }

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ana = await signUp(t)
      bo = await signUp(t)
      pin = await createPin(t, ana, await makeBoard(t, ana), {
        link: 'https://elsewhere.example/landing',
      })
    })
    afterAll(async () => {
      await t?.close()
    })

    it("sends an anonymous visitor to the pin's page in the web app, uncounted", async () => {
      for (const url of [`/v5/pins/${pin.id}/source`, `/v5/pins/${pin.id}/source?via=feed`]) {
        const res = await callAs(t, null, { method: 'GET', url })
        expect(res.statusCode, url).toBe(302)
        expect(res.headers.location, url).toBe(`/pin/${pin.id}`)
      }
      expect(await clicks(pin.id)).toEqual({ rows: [], count: 0 })
      // what an anonymous visitor may not see is still 404, as if it did not exist
      const secret = await createPin(t, ana, await makeBoard(t, ana, 'SECRET'), {
        link: 'https://elsewhere.example/secret',
      })
      const hidden = await callAs(t, null, { method: 'GET', url: `/v5/pins/${secret.id}/source` })
      expect(hidden.statusCode).toBe(404)
    })

    it('sends a signed-in viewer on to the link, counted', async () => {
      const byToken = await callAs(t, bo, {
        method: 'GET',
        url: `/v5/pins/${pin.id}/source?via=message:42`,
      })
      expect(byToken.statusCode).toBe(302)
      expect(byToken.headers.location).toBe('https://elsewhere.example/landing')
      const byCookie = await bo.call({ method: 'GET', url: `/v5/pins/${pin.id}/source` })
      expect(byCookie.statusCode).toBe(302)
      expect(byCookie.headers.location).toBe('https://elsewhere.example/landing')
      expect(await clicks(pin.id)).toEqual({
        rows: [
          { user_id: bo.id, via: 'message:42' },
          { user_id: bo.id, via: null },
        ],
        count: 2,
      })
    })
  })
}
