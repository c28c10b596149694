import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { block, createPin, follow, followBoard, makeBoard } from './pin-fixtures'

for (const dialect of DIALECTS) {
  describe(`home feed [${dialect}]`, () => {
    let t: TestApp
    let viewer: TestUser
    /** pin ids by role */
    const ids: Record<string, string[]> = {}
    /** [id, save_count] of every public pin */
    const publicPins: [string, number][] = []

    const add = async (role: string, user: TestUser, board: string, saves: number, pub = true) => {
      const pin = await createPin(t, user, board)
      await t.ctx.db
        .updateTable('pins')
        .set({ save_count: saves })
        .where('id', '=', Number(pin.id))
        .execute()
      ;(ids[role] ??= []).push(pin.id)
      if (pub) publicPins.push([pin.id, saves])
      return pin.id
    }

    beforeAll(async () => {
      t = await createTestApp(dialect)
      viewer = await signUp(t)
      const followed = await signUp(t)
      const boardOwner = await signUp(t)
      const stranger = await signUp(t)
      const blocked = await signUp(t)
      await follow(t, viewer, followed)
      await follow(t, viewer, blocked)
      await block(t, blocked, viewer)

      const vBoard = await makeBoard(t, viewer)
      const vSecret = await makeBoard(t, viewer, 'SECRET')
      const fBoard = await makeBoard(t, followed)
      const fSecret = await makeBoard(t, followed, 'SECRET')
      const followedBoard = await makeBoard(t, boardOwner)
      const otherBoard = await makeBoard(t, boardOwner)
      const sBoard = await makeBoard(t, stranger)
      const sSecret = await makeBoard(t, stranger, 'SECRET')
      const bBoard = await makeBoard(t, blocked)
      await followBoard(t, viewer, followedBoard)

      // interleaved creation, so ids of network and other pins alternate
      for (let i = 0; i < 4; i++) {
        await add('network', followed, fBoard, i)
        await add('popular', stranger, sBoard, (i * 7) % 5)
        await add('network', boardOwner, followedBoard, 1)
        await add('popular', boardOwner, otherBoard, 2)
        await add('blocked', blocked, bBoard, 50, false)
        await add('hidden', followed, fSecret, 99, false)
        await add('hidden', stranger, sSecret, 99, false)
      }
      await add('network', viewer, vBoard, 3)
      await add('network', viewer, vSecret, 0, false)
      await add('popular', stranger, sBoard, 2)
    })
    afterAll(() => t.close())

    async function walk(user: TestUser | null, pageSize: number) {
      const seen: string[] = []
      let bookmark: string | null = null
      let pages = 0
      do {
        const qs = `page_size=${pageSize}${bookmark ? `&bookmark=${bookmark}` : ''}`
        const res = await callAs(t, user, { method: 'GET', url: `/v5/feed?${qs}` })
        expect(res.statusCode).toBe(200)
        const body = res.json()
        expect(body.items.length).toBeLessThanOrEqual(pageSize)
        if (body.bookmark) expect(body.items.length).toBe(pageSize)
        seen.push(...body.items.map((p: { id: string }) => p.id))
        bookmark = body.bookmark
        expect(++pages).toBeLessThan(100)
      } while (bookmark)
      return seen
    }

    const byIdDesc = (a: string, b: string) => Number(b) - Number(a)
    const popularOrder = (pins: [string, number][]) =>
      [...pins].sort((a, b) => b[1] - a[1] || Number(b[0]) - Number(a[0])).map(([id]) => id)

    it('serves the network newest first, then popular pins, with no duplicates or gaps', async () => {
      const network = [...ids.network!].sort(byIdDesc)
      const networkSet = new Set(network)
      const popular = popularOrder(publicPins.filter(([id]) => !networkSet.has(id)))
      const expected = [...network, ...popular]
      for (const size of [1, 2, 3, 5, 9, 10, 25]) {
        expect(await walk(viewer, size), `page_size ${size}`).toEqual(expected)
      }
    })

    it('never shows secret pins of others, nor pins of someone with a block', async () => {
      const seen = new Set(await walk(viewer, 250))
      for (const id of [...ids.blocked!, ...ids.hidden!]) expect(seen.has(id)).toBe(false)
      // the viewer's own secret pin is theirs to see
      expect(seen.size).toBe(ids.network!.length + ids.popular!.length)
    })

    it('a page written from cached pieces is a whole response: headers, length, JSON', async () => {
      const res = await callAs(t, viewer, { method: 'GET', url: '/v5/feed' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length)
      expect(res.headers['x-ratelimit-remaining']).toBeDefined()
      expect(res.headers['content-security-policy']).toContain("default-src 'none'")
      expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThan(0)
      const head = await callAs(t, viewer, { method: 'HEAD', url: '/v5/feed' })
      expect(head.statusCode).toBe(200)
      expect(head.rawPayload.length).toBe(0)
    })

    it('anonymous callers get popular public pins only', async () => {
      const seen = await walk(null, 4)
      // a block hides pins only between the two people involved
      const blocked = ids.blocked!.map((id): [string, number] => [id, 50])
      expect(seen).toEqual(popularOrder([...publicPins, ...blocked]))
      const first = await callAs(t, null, { method: 'GET', url: '/v5/feed' })
      expect(first.json().items[0]).toMatchObject({ is_owner: false, is_liked: false })
    })

    it('marks liked pins and refuses a forged bookmark', async () => {
      const target = ids.network![0]!
      await callAs(t, viewer, { method: 'POST', url: `/v5/pins/${target}/like` })
      const res = await callAs(t, viewer, { method: 'GET', url: '/v5/feed?page_size=250' })
      const pin = res.json().items.find((p: { id: string }) => p.id === target)
      expect(pin).toMatchObject({ is_liked: true, like_count: 1 })
      const forged = Buffer.from(JSON.stringify({ p: 3 })).toString('base64url')
      expect(
        (await callAs(t, viewer, { method: 'GET', url: `/v5/feed?bookmark=${forged}` })).statusCode,
      ).toBe(400)
    })
  })
}
