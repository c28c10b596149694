import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'

interface Summary {
  type: string
  id: string
  username: string
  is_following?: boolean
}

for (const dialect of DIALECTS) {
  describe(`graph [${dialect}]`, () => {
    // Each group gets an app of its own: sign-up is rate limited per client.
    let t: TestApp
    const withOwnApp = () => {
      beforeAll(async () => {
        t = await createTestApp(dialect)
      })
      afterAll(() => t.close())
    }

    const follow = (u: TestUser, username: string) =>
      u.call({ method: 'POST', url: `/v5/user_account/following/${username}` })
    const unfollow = (u: TestUser, username: string) =>
      u.call({ method: 'DELETE', url: `/v5/user_account/following/${username}` })
    const profile = (u: TestUser, username: string) =>
      u.call({ method: 'GET', url: `/v5/users/${username}` })
    const createBoard = async (u: TestUser, name: string) => {
      const res = await u.call({ method: 'POST', url: '/v5/boards', payload: { name } })
      expect(res.statusCode).toBe(201)
      return res.json().id as string
    }

    /** Walks every page of a list with page_size 2, checking there are no duplicates. */
    async function walk(u: TestUser | null, url: string): Promise<string[]> {
      const seen: string[] = []
      let bookmark: string | null = null
      let pages = 0
      do {
        const q: string = `${url}?page_size=2${bookmark ? `&bookmark=${bookmark}` : ''}`
        const res = u
          ? await u.call({ method: 'GET', url: q })
          : await t.app.inject({ method: 'GET', url: q })
        expect(res.statusCode).toBe(200)
        const body = res.json() as { items: Summary[]; bookmark: string | null }
        expect(body.items.length).toBeLessThanOrEqual(2)
        seen.push(...body.items.map((i) => i.username))
        bookmark = body.bookmark
        expect(++pages).toBeLessThan(50)
      } while (bookmark)
      expect(new Set(seen).size).toBe(seen.length)
      return seen
    }

    describe('follows', () => {
      withOwnApp()

      it('follows and unfollows, idempotently, with Pinterest UserSummary shapes and counts', async () => {
        const a = await signUp(t)
        const b = await signUp(t)
        const res = await follow(a, b.username)
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({
          type: 'user',
          id: b.id,
          username: b.username,
          account_type: 'PINNER',
          profile_image: null,
          is_following: true,
        })
        expect((await follow(a, b.username)).statusCode).toBe(200)
        const rows = await t.ctx.db.selectFrom('follows').selectAll().execute()
        expect(rows.filter((r) => String(r.follower_id) === a.id)).toHaveLength(1)

        expect((await profile(a, b.username)).json()).toMatchObject({
          follower_count: 1,
          is_following: true,
        })
        expect((await profile(b, a.username)).json()).toMatchObject({
          following_count: 1,
          follows_you: true,
        })

        const following = await a.call({ method: 'GET', url: '/v5/user_account/following' })
        expect(following.json()).toEqual({
          items: [expect.objectContaining({ type: 'user', username: b.username })],
          bookmark: null,
        })
        const followers = await b.call({ method: 'GET', url: '/v5/user_account/followers' })
        expect(followers.json().items).toEqual([
          expect.objectContaining({ username: a.username, is_following: false }),
        ])
        const anon = await t.app.inject({ method: 'GET', url: `/v5/users/${b.username}/followers` })
        expect(anon.statusCode).toBe(200)
        expect(anon.json().items[0]).not.toHaveProperty('is_following')
        expect(anon.json().items.map((i: Summary) => i.username)).toEqual([a.username])

        expect((await unfollow(a, b.username)).statusCode).toBe(204)
        expect((await unfollow(a, b.username)).statusCode).toBe(204)
        expect((await profile(a, b.username)).json()).toMatchObject({
          follower_count: 0,
          is_following: false,
        })
      })

      it('concurrent follows of one person leave exactly one follow', async () => {
        const a = await signUp(t)
        const b = await signUp(t)
        const results = await Promise.all(Array.from({ length: 6 }, () => follow(a, b.username)))
        expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200])
        const rows = await t.ctx.db
          .selectFrom('follows')
          .selectAll()
          .where('follower_id', '=', Number(a.id))
          .execute()
        expect(rows).toHaveLength(1)
      })

      it('refuses following yourself (400), unknown people (404) and bad usernames (400)', async () => {
        const a = await signUp(t)
        const self = await follow(a, a.username)
        expect(self.statusCode).toBe(400)
        expect(self.json()).toMatchObject({ code: 400, reason: 'self_follow' })
        expect(self.json().message).toEqual(expect.any(String))
        const missing = await follow(a, 'nobody_at_all')
        expect(missing.statusCode).toBe(404)
        expect(missing.json()).toMatchObject({ code: 404 })
        const bad = await follow(a, 'Not A Name')
        expect(bad.statusCode).toBe(400)
        expect(bad.json()).toMatchObject({ code: 400, message: expect.any(String) })
        const badPage = await a.call({
          method: 'GET',
          url: '/v5/user_account/followers?page_size=0',
        })
        expect(badPage.statusCode).toBe(400)
        const bigPage = await a.call({
          method: 'GET',
          url: '/v5/user_account/followers?page_size=251',
        })
        expect(bigPage.statusCode).toBe(400)
        const badBookmark = await a.call({
          method: 'GET',
          url: '/v5/user_account/followers?bookmark=garbage',
        })
        expect(badBookmark.statusCode).toBe(400)
        expect(badBookmark.json()).toMatchObject({ code: 400, reason: 'invalid_bookmark' })
      })

      it('needs sign-in and the right scope', async () => {
        const a = await signUp(t)
        const b = await signUp(t)
        const anon = await t.app.inject({ method: 'GET', url: '/v5/user_account/followers' })
        expect(anon.statusCode).toBe(401)
        const anonFollow = await t.app.inject({
          method: 'POST',
          url: `/v5/user_account/following/${b.username}`,
        })
        expect(anonFollow.statusCode).toBe(401)
        const token = await a.call({
          method: 'POST',
          url: '/v5/user_account/tokens',
          payload: { name: 'ro', scopes: ['user_accounts:read'] },
        })
        const bearer = { authorization: `Bearer ${token.json().token}` }
        const read = await t.app.inject({
          method: 'GET',
          url: '/v5/user_account/following',
          headers: bearer,
        })
        expect(read.statusCode).toBe(200)
        for (const [method, url] of [
          ['POST', `/v5/user_account/following/${b.username}`],
          ['DELETE', `/v5/user_account/following/${b.username}`],
          ['POST', `/v5/users/${b.username}/block`],
        ] as const) {
          const res = await t.app.inject({ method, url, headers: bearer })
          expect(res.statusCode).toBe(403)
          expect(res.json()).toMatchObject({ code: 403, reason: 'insufficient_scope' })
        }
        const noCsrf = await t.app.inject({
          method: 'POST',
          url: `/v5/user_account/following/${b.username}`,
          headers: { cookie: a.cookie },
        })
        expect(noCsrf.statusCode).toBe(403)
        expect(
          await t.ctx.db
            .selectFrom('follows')
            .selectAll()
            .where('follower_id', '=', Number(a.id))
            .execute(),
        ).toEqual([])
      })

      it('pages followers and following with bookmarks: every item once, newest first', async () => {
        const hub = await signUp(t)
        const fans: TestUser[] = []
        for (let i = 0; i < 7; i++) fans.push(await signUp(t))
        for (const fan of fans) expect((await follow(fan, hub.username)).statusCode).toBe(200)
        for (const fan of fans) expect((await follow(hub, fan.username)).statusCode).toBe(200)
        const newestFirst = fans.map((f) => f.username).reverse()

        expect(await walk(hub, '/v5/user_account/followers')).toEqual(newestFirst)
        expect(await walk(hub, '/v5/user_account/following')).toEqual(newestFirst)
        expect(await walk(null, `/v5/users/${hub.username}/followers`)).toEqual(newestFirst)
        expect(await walk(fans[0]!, `/v5/users/${hub.username}/following`)).toEqual(newestFirst)

        // Follows made in the same millisecond still page without gaps (ties break on the id).
        const sameTime = '2020-01-01T00:00:00.000Z'
        await t.ctx.db
          .updateTable('follows')
          .set({ created_at: sameTime })
          .where('followee_id', '=', Number(hub.id))
          .execute()
        const tied = await walk(hub, '/v5/user_account/followers')
        expect([...tied].sort()).toEqual([...newestFirst].sort())
        expect(tied.map((u) => fans.findIndex((f) => f.username === u))).toEqual([
          6, 5, 4, 3, 2, 1, 0,
        ])
      })
    })

    describe('blocks', () => {
      withOwnApp()

      it('a block ends follows both ways, of people and boards, in one go', async () => {
        const a = await signUp(t)
        const b = await signUp(t)
        const boardA = await createBoard(a, 'A things')
        const boardB = await createBoard(b, 'B things')
        await follow(a, b.username)
        await follow(b, a.username)
        expect(
          (await a.call({ method: 'POST', url: `/v5/boards/${boardB}/follow` })).statusCode,
        ).toBe(200)
        expect(
          (await b.call({ method: 'POST', url: `/v5/boards/${boardA}/follow` })).statusCode,
        ).toBe(200)

        const res = await a.call({ method: 'POST', url: `/v5/users/${b.username}/block` })
        expect(res.statusCode).toBe(204)
        expect(
          (await a.call({ method: 'POST', url: `/v5/users/${b.username}/block` })).statusCode,
        ).toBe(204)

        const ids = [Number(a.id), Number(b.id)]
        const follows = await t.ctx.db
          .selectFrom('follows')
          .selectAll()
          .where('follower_id', 'in', ids)
          .where('followee_id', 'in', ids)
          .execute()
        expect(follows).toEqual([])
        const boardFollows = await t.ctx.db
          .selectFrom('board_follows')
          .selectAll()
          .where('user_id', 'in', ids)
          .execute()
        expect(boardFollows).toEqual([])

        const blocks = await a.call({ method: 'GET', url: '/v5/user_account/blocks' })
        expect(blocks.json()).toEqual({
          items: [expect.objectContaining({ type: 'user', username: b.username })],
          bookmark: null,
        })
        expect((await profile(a, b.username)).json()).toMatchObject({
          is_blocked: true,
          follower_count: 0,
        })
      })

      it('the blocked person cannot see or follow the blocker, nor their boards (404)', async () => {
        const a = await signUp(t)
        const b = await signUp(t)
        const boardA = await createBoard(a, 'Private life')
        await a.call({ method: 'POST', url: `/v5/users/${b.username}/block` })

        for (const [method, url] of [
          ['GET', `/v5/users/${a.username}`],
          ['GET', `/v5/users/${a.username}/followers`],
          ['GET', `/v5/users/${a.username}/following`],
          ['GET', `/v5/users/${a.username}/boards`],
          ['GET', `/v5/boards/${boardA}`],
          ['GET', `/v5/boards/${boardA}/sections`],
          ['POST', `/v5/user_account/following/${a.username}`],
          ['POST', `/v5/boards/${boardA}/follow`],
          ['POST', `/v5/users/${a.username}/block`],
        ] as const) {
          const res = await b.call({ method, url })
          expect(res.statusCode, `${method} ${url}`).toBe(404)
          expect(res.json()).toMatchObject({ code: 404 })
        }
        // The blocker sees the profile (to unblock) but not its connections, and cannot follow.
        expect((await profile(a, b.username)).statusCode).toBe(200)
        const followBlocked = await follow(a, b.username)
        expect(followBlocked.statusCode).toBe(403)
        expect(followBlocked.json()).toMatchObject({ reason: 'blocked' })
        expect(
          (await a.call({ method: 'GET', url: `/v5/users/${b.username}/boards` })).json().items,
        ).toEqual([])

        // Neither appears in a third person's lists as the other sees them.
        const c = await signUp(t)
        await follow(c, a.username)
        await follow(c, b.username)
        const asB = await b.call({ method: 'GET', url: `/v5/users/${c.username}/following` })
        expect(asB.json().items.map((i: Summary) => i.username)).toEqual([b.username])
        const asAnon = await t.app.inject({
          method: 'GET',
          url: `/v5/users/${c.username}/following`,
        })
        expect(asAnon.json().items).toHaveLength(2)

        expect(
          (await a.call({ method: 'DELETE', url: `/v5/users/${b.username}/block` })).statusCode,
        ).toBe(204)
        expect((await profile(b, a.username)).statusCode).toBe(200)
        expect((await follow(b, a.username)).statusCode).toBe(200)
        expect(
          (await a.call({ method: 'GET', url: '/v5/user_account/blocks' })).json().items,
        ).toEqual([])
      })

      it('refuses blocking yourself and unknown people', async () => {
        const a = await signUp(t)
        const self = await a.call({ method: 'POST', url: `/v5/users/${a.username}/block` })
        expect(self.statusCode).toBe(400)
        expect(self.json()).toMatchObject({ code: 400, reason: 'self_block' })
        const missing = await a.call({ method: 'POST', url: '/v5/users/nobody_at_all/block' })
        expect(missing.statusCode).toBe(404)
      })
    })
  })
}
