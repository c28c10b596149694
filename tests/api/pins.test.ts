import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import {
  base64Source,
  block,
  createPin,
  makeBoard,
  makeSection,
  png,
  tableCounts,
} from './pin-fixtures'

for (const dialect of DIALECTS) {
  describe(`pins [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    let anaBoard: string
    let anaSecret: string
    let boBoard: string

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ana = await signUp(t)
      bo = await signUp(t)
      anaBoard = await makeBoard(t, ana)
      anaSecret = await makeBoard(t, ana, 'SECRET')
      boBoard = await makeBoard(t, bo)
    })
    afterAll(() => t.close())

    it('creates a pin from an uploaded image with the Pinterest v5 shape', async () => {
      const res = await callAs(t, ana, {
        method: 'POST',
        url: '/v5/pins',
        payload: {
          board_id: anaBoard,
          title: 'Blue',
          description: 'A blue square',
          link: 'https://www.example.com/blue?x=1',
          alt_text: 'blue',
          media_source: base64Source(await png(800, 600, '#2050a0')),
        },
      })
      expect(res.statusCode).toBe(201)
      const pin = res.json()
      expect(pin).toMatchObject({
        title: 'Blue',
        description: 'A blue square',
        link: 'https://www.example.com/blue?x=1',
        alt_text: 'blue',
        board_id: anaBoard,
        board_section_id: null,
        board_owner: { username: ana.username },
        parent_pin_id: null,
        is_owner: true,
        source_domain: 'example.com',
        save_count: 0,
        like_count: 0,
        is_liked: false,
      })
      expect(pin.id).toMatch(/^[0-9]+$/)
      expect(pin.dominant_color).toMatch(/^#[0-9A-F]{6}$/)
      expect(pin.media.media_type).toBe('image')
      expect(pin.media.images['150x150']).toMatchObject({ width: 150, height: 150 })
      expect(pin.media.images['400x300']).toMatchObject({ width: 400, height: 300 })
      expect(pin.media.images['600x']).toMatchObject({ width: 600, height: 450 })
      // never upscaled
      expect(pin.media.images['1200x']).toMatchObject({ width: 800, height: 600 })
      expect(new Date(pin.created_at).toISOString()).toBe(pin.created_at)
    })

    it('validates fields and board ownership', async () => {
      const img = base64Source(await png())
      const post = (payload: Record<string, unknown>) =>
        callAs(t, ana, {
          method: 'POST',
          url: '/v5/pins',
          payload: { media_source: img, ...payload },
        })
      expect((await post({ board_id: anaBoard, title: 'x'.repeat(101) })).statusCode).toBe(400)
      expect((await post({ board_id: anaBoard, description: 'x'.repeat(801) })).statusCode).toBe(
        400,
      )
      expect((await post({ board_id: anaBoard, alt_text: 'x'.repeat(501) })).statusCode).toBe(400)
      const js = await post({ board_id: anaBoard, link: 'javascript:alert(1)' })
      expect(js.statusCode).toBe(400)
      expect(js.json()).toMatchObject({ code: 400 })
      expect((await post({ board_id: boBoard })).statusCode).toBe(403)
      expect((await post({ board_id: '999999' })).statusCode).toBe(404)
      const otherSection = await makeSection(t, boBoard)
      expect((await post({ board_id: anaBoard, board_section_id: otherSection })).statusCode).toBe(
        404,
      )
      const section = await makeSection(t, anaBoard)
      const ok = await post({ board_id: anaBoard, board_section_id: section })
      expect(ok.statusCode).toBe(201)
      expect(ok.json().board_section_id).toBe(section)
    })

    it('refuses a read-only token (403) and anonymous writes (401)', async () => {
      const tokenRes = await ana.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: { name: 'ro', scopes: ['pins:read', 'boards:read'] },
      })
      const token = tokenRes.json().token as string
      const res = await t.app.inject({
        method: 'POST',
        url: '/v5/pins',
        headers: { authorization: `Bearer ${token}` },
        payload: { board_id: anaBoard, media_source: base64Source(await png()) },
      })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ code: 403, reason: 'insufficient_scope' })
      const pin = await createPin(t, ana, anaBoard)
      const like = await t.app.inject({
        method: 'POST',
        url: `/v5/pins/${pin.id}/like`,
        headers: { authorization: `Bearer ${token}` },
      })
      expect(like.statusCode).toBe(403)
      const read = await t.app.inject({
        method: 'GET',
        url: `/v5/pins/${pin.id}`,
        headers: { authorization: `Bearer ${token}` },
      })
      expect(read.statusCode).toBe(200)
      const anon = await t.app.inject({
        method: 'POST',
        url: '/v5/pins',
        payload: { board_id: anaBoard, media_source: base64Source(await png()) },
      })
      expect(anon.statusCode).toBe(401)
    })

    it('hides secret-board pins from everyone but the owner on every path', async () => {
      const section = await makeSection(t, anaSecret)
      const pin = await createPin(t, ana, anaSecret, { board_section_id: section })
      expect(pin.is_owner).toBe(true)
      const mediaUrl = new URL(pin.media.images['600x']!.url).pathname
      const paths = [
        `/v5/pins/${pin.id}`,
        `/v5/boards/${anaSecret}/pins`,
        `/v5/boards/${anaSecret}/sections/${section}/pins`,
        mediaUrl,
      ]
      for (const url of paths) {
        expect((await callAs(t, ana, { method: 'GET', url })).statusCode, url).toBe(200)
        for (const other of [bo, null]) {
          const res = await callAs(t, other, { method: 'GET', url })
          expect(res.statusCode, url).toBe(404)
        }
      }
      const userPins = (u: TestUser | null) =>
        callAs(t, u, { method: 'GET', url: `/v5/users/${ana.username}/pins?page_size=250` })
      const ids = (res: Awaited<ReturnType<typeof userPins>>) =>
        res.json().items.map((p: { id: string }) => p.id)
      expect(ids(await userPins(ana))).toContain(pin.id)
      expect(ids(await userPins(bo))).not.toContain(pin.id)
      expect(ids(await userPins(null))).not.toContain(pin.id)
      for (const action of ['like', 'save']) {
        const res = await callAs(t, bo, {
          method: 'POST',
          url: `/v5/pins/${pin.id}/${action}`,
          payload: { board_id: boBoard },
        })
        expect(res.statusCode).toBe(404)
      }
      expect(
        (await callAs(t, bo, { method: 'GET', url: `/v5/pins/${pin.id}/source` })).statusCode,
      ).toBe(404)
    })

    it('moving a pin to a secret board hides it; back to a public one shows it', async () => {
      const pin = await createPin(t, ana, anaBoard)
      const move = await callAs(t, ana, {
        method: 'PATCH',
        url: `/v5/pins/${pin.id}`,
        payload: { board_id: anaSecret, title: 'moved' },
      })
      expect(move.statusCode).toBe(200)
      expect(move.json()).toMatchObject({ board_id: anaSecret, title: 'moved' })
      expect((await callAs(t, bo, { method: 'GET', url: `/v5/pins/${pin.id}` })).statusCode).toBe(
        404,
      )
      await callAs(t, ana, {
        method: 'PATCH',
        url: `/v5/pins/${pin.id}`,
        payload: { board_id: anaBoard },
      })
      expect((await callAs(t, bo, { method: 'GET', url: `/v5/pins/${pin.id}` })).statusCode).toBe(
        200,
      )
      const notOwner = await callAs(t, bo, {
        method: 'PATCH',
        url: `/v5/pins/${pin.id}`,
        payload: { title: 'mine now' },
      })
      expect(notOwner.statusCode).toBe(403)
      const toOthers = await callAs(t, ana, {
        method: 'PATCH',
        url: `/v5/pins/${pin.id}`,
        payload: { board_id: boBoard },
      })
      expect(toOthers.statusCode).toBe(403)
    })

    it("hides a blocked owner's pins both ways", async () => {
      const cy = await signUp(t)
      const cyBoard = await makeBoard(t, cy)
      const pin = await createPin(t, cy, cyBoard)
      expect((await callAs(t, bo, { method: 'GET', url: `/v5/pins/${pin.id}` })).statusCode).toBe(
        200,
      )
      await block(t, cy, bo)
      for (const url of [
        `/v5/pins/${pin.id}`,
        `/v5/boards/${cyBoard}/pins`,
        `/v5/users/${cy.username}/pins`,
        new URL(pin.media.images['150x150']!.url).pathname,
      ]) {
        expect((await callAs(t, bo, { method: 'GET', url })).statusCode, url).toBe(404)
      }
      const boPin = await createPin(t, bo, boBoard)
      expect((await callAs(t, cy, { method: 'GET', url: `/v5/pins/${boPin.id}` })).statusCode).toBe(
        404,
      )
      expect((await callAs(t, null, { method: 'GET', url: `/v5/pins/${pin.id}` })).statusCode).toBe(
        200,
      )
    })

    it('saves a pin to your board: parent set, media reused, save_count counted', async () => {
      const origin = await createPin(t, ana, anaBoard, { link: 'https://shop.example.org/tent' })
      const res = await callAs(t, bo, {
        method: 'POST',
        url: `/v5/pins/${origin.id}/save`,
        payload: { board_id: boBoard },
      })
      expect(res.statusCode).toBe(201)
      const saved = res.json()
      expect(saved).toMatchObject({
        parent_pin_id: origin.id,
        board_id: boBoard,
        board_owner: { username: bo.username },
        is_owner: true,
        source_domain: 'shop.example.org',
        save_count: 0,
      })
      expect(saved.id).not.toBe(origin.id)
      expect(saved.media.images['600x'].url).toBe(origin.media.images['600x']!.url)
      const after = await callAs(t, ana, { method: 'GET', url: `/v5/pins/${origin.id}` })
      expect(after.json().save_count).toBe(1)
      const notMine = await callAs(t, bo, {
        method: 'POST',
        url: `/v5/pins/${origin.id}/save`,
        payload: { board_id: anaBoard },
      })
      expect(notMine.statusCode).toBe(403)
    })

    it('likes and unlikes idempotently, keeping like_count right', async () => {
      const pin = await createPin(t, ana, anaBoard)
      const like = () => callAs(t, bo, { method: 'POST', url: `/v5/pins/${pin.id}/like` })
      const unlike = () => callAs(t, bo, { method: 'DELETE', url: `/v5/pins/${pin.id}/like` })
      expect((await like()).json()).toMatchObject({ like_count: 1, is_liked: true })
      expect((await like()).json()).toMatchObject({ like_count: 1, is_liked: true })
      await callAs(t, ana, { method: 'POST', url: `/v5/pins/${pin.id}/like` })
      const seenByBo = await callAs(t, bo, { method: 'GET', url: `/v5/pins/${pin.id}` })
      expect(seenByBo.json()).toMatchObject({ like_count: 2, is_liked: true, is_owner: false })
      expect((await unlike()).json()).toMatchObject({ like_count: 1, is_liked: false })
      expect((await unlike()).json()).toMatchObject({ like_count: 1, is_liked: false })
    })

    it('opens the source with a counted 302 and records the via context', async () => {
      const pin = await createPin(t, ana, anaBoard, { link: 'https://example.net/page' })
      const res = await callAs(t, bo, {
        method: 'GET',
        url: `/v5/pins/${pin.id}/source?via=message:42`,
      })
      expect(res.statusCode).toBe(302)
      expect(res.headers.location).toBe('https://example.net/page')
      // an anonymous visitor goes to the pin's page, uncounted (tests/api/pin-source.test.ts)
      const anon = await callAs(t, null, { method: 'GET', url: `/v5/pins/${pin.id}/source` })
      expect(anon.statusCode).toBe(302)
      expect(anon.headers.location).toBe(`/pin/${pin.id}`)
      const clicks = await t.ctx.db
        .selectFrom('pin_clicks')
        .select(['user_id', 'via'])
        .where('pin_id', '=', Number(pin.id))
        .orderBy('id')
        .execute()
      expect(
        clicks.map((c) => ({ user_id: c.user_id === null ? null : Number(c.user_id), via: c.via })),
      ).toEqual([{ user_id: Number(bo.id), via: 'message:42' }])
      const row = await t.ctx.db
        .selectFrom('pins')
        .select('click_count')
        .where('id', '=', Number(pin.id))
        .executeTakeFirstOrThrow()
      expect(Number(row.click_count)).toBe(1)
      const bad = await callAs(t, bo, {
        method: 'GET',
        url: `/v5/pins/${pin.id}/source?via=${encodeURIComponent('<script>')}`,
      })
      expect(bad.statusCode).toBe(400)
      const noLink = await createPin(t, ana, anaBoard)
      expect(
        (await callAs(t, bo, { method: 'GET', url: `/v5/pins/${noLink.id}/source` })).statusCode,
      ).toBe(404)
    })

    it('lists your own pins and walks every page without duplicates or gaps', async () => {
      const dan = await signUp(t)
      const board = await makeBoard(t, dan)
      const created: string[] = []
      for (let i = 0; i < 7; i++) created.push((await createPin(t, dan, board)).id)
      const seen: string[] = []
      let bookmark: string | null = null
      let pages = 0
      do {
        const res = await callAs(t, dan, {
          method: 'GET',
          url: `/v5/pins?page_size=3${bookmark ? `&bookmark=${bookmark}` : ''}`,
        })
        expect(res.statusCode).toBe(200)
        const body = res.json()
        seen.push(...body.items.map((p: { id: string }) => p.id))
        bookmark = body.bookmark
        pages++
      } while (bookmark)
      expect(pages).toBe(3)
      expect(seen).toEqual([...created].reverse())
      const bad = await callAs(t, dan, { method: 'GET', url: '/v5/pins?bookmark=garbage' })
      expect(bad.statusCode).toBe(400)
    })

    it('deletes your pin (204), then it is gone', async () => {
      const pin = await createPin(t, ana, anaBoard)
      expect(
        (await callAs(t, bo, { method: 'DELETE', url: `/v5/pins/${pin.id}` })).statusCode,
      ).toBe(403)
      expect(
        (await callAs(t, ana, { method: 'DELETE', url: `/v5/pins/${pin.id}` })).statusCode,
      ).toBe(204)
      expect((await callAs(t, ana, { method: 'GET', url: `/v5/pins/${pin.id}` })).statusCode).toBe(
        404,
      )
    })

    it('no GET changes state (except the counted source redirect)', async () => {
      const pin = await createPin(t, ana, anaBoard, { link: 'https://example.com' })
      const section = await makeSection(t, anaBoard)
      const before = await tableCounts(t)
      for (const user of [ana, bo, null]) {
        for (const url of [
          `/v5/pins/${pin.id}`,
          `/v5/boards/${anaBoard}/pins`,
          `/v5/boards/${anaBoard}/sections/${section}/pins`,
          `/v5/users/${ana.username}/pins`,
          '/v5/feed',
          new URL(pin.media.images['400x300']!.url).pathname,
          ...(user ? ['/v5/pins'] : []),
        ]) {
          const res = await callAs(t, user, { method: 'GET', url })
          expect(res.statusCode, url).toBeLessThan(300)
        }
      }
      expect(await tableCounts(t)).toEqual(before)
    })
  })
}
