import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseSnapshot } from '../support/db-snapshot'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'

interface WireBoard {
  id: string
  name: string
  privacy: string
  pin_count: number
  follower_count: number
  is_following?: boolean
  media: { image_cover_url: string | null; pin_thumbnail_urls: string[] }
}

for (const dialect of DIALECTS) {
  describe(`boards [${dialect}]`, () => {
    // Each group gets an app of its own: sign-up is rate limited per client.
    let t: TestApp
    const withOwnApp = () => {
      beforeAll(async () => {
        t = await createTestApp(dialect)
      })
      afterAll(() => t.close())
    }

    async function createBoard(u: TestUser, payload: Record<string, unknown>): Promise<WireBoard> {
      const res = await u.call({ method: 'POST', url: '/v5/boards', payload })
      expect(res.statusCode, res.body).toBe(201)
      return res.json()
    }

    /** Inserts a pin row directly (the pins API is not under test here); returns its media key. */
    async function insertPin(
      u: TestUser,
      boardId: string,
      opts: { sectionId?: string; secret?: boolean } = {},
    ) {
      const key = randomBytes(12).toString('hex')
      const now = new Date().toISOString()
      await t.ctx.db
        .insertInto('media')
        .values({
          key,
          owner_id: Number(u.id),
          width: 800,
          height: 600,
          dominant_color: '#aabbcc',
          created_at: now,
        })
        .execute()
      const pin = await t.ctx.db
        .insertInto('pins')
        .values({
          owner_id: Number(u.id),
          board_id: Number(boardId),
          board_section_id: opts.sectionId ? Number(opts.sectionId) : null,
          secret: opts.secret ? 1 : 0,
          title: 'a pin',
          description: '',
          link: null,
          alt_text: null,
          media_key: key,
          parent_pin_id: null,
          source_domain: null,
          save_count: 0,
          like_count: 0,
          click_count: 0,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return { key, pinId: pin.id }
    }

    const pinsOf = (boardId: string) =>
      t.ctx.db
        .selectFrom('pins')
        .select(['id', 'secret', 'board_section_id'])
        .where('board_id', '=', Number(boardId))
        .execute()

    describe('boards', () => {
      withOwnApp()

      it('creates a board (201) in the Pinterest Board shape', async () => {
        const u = await signUp(t)
        const res = await u.call({
          method: 'POST',
          url: '/v5/boards',
          payload: { name: '  Summer recipes ', description: 'Salads', privacy: 'SECRET' },
        })
        expect(res.statusCode).toBe(201)
        const board = res.json()
        expect(board).toEqual({
          id: expect.stringMatching(/^[1-9][0-9]*$/),
          name: 'Summer recipes',
          description: 'Salads',
          privacy: 'SECRET',
          owner: { username: u.username },
          created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
          pin_count: 0,
          follower_count: 0,
          collaborator_count: 0,
          is_following: false,
          media: { image_cover_url: null, pin_thumbnail_urls: [] },
        })
        const get = await u.call({ method: 'GET', url: `/v5/boards/${board.id}` })
        expect(get.json()).toEqual(board)
        const plain = await createBoard(u, { name: 'Plain' })
        expect(plain).toMatchObject({ privacy: 'PUBLIC', description: '' })
      })

      it('refuses a second board of the same name with 409 board_name_taken', async () => {
        const u = await signUp(t)
        const other = await signUp(t)
        const first = await createBoard(u, { name: 'Camping' })
        for (const name of ['Camping', 'camping ']) {
          const clash = await u.call({ method: 'POST', url: '/v5/boards', payload: { name } })
          expect(clash.statusCode).toBe(409)
          expect(clash.json()).toMatchObject({ code: 409, reason: 'board_name_taken' })
        }
        await createBoard(other, { name: 'Camping' })
        const second = await createBoard(u, { name: 'Hiking' })
        const rename = await u.call({
          method: 'PATCH',
          url: `/v5/boards/${second.id}`,
          payload: { name: 'CAMPING' },
        })
        expect(rename.statusCode).toBe(409)
        const same = await u.call({
          method: 'PATCH',
          url: `/v5/boards/${first.id}`,
          payload: { name: 'camping' },
        })
        expect(same.statusCode).toBe(200)
        expect(same.json().name).toBe('camping')
      })

      it('concurrent creates of one name: exactly one 201, the rest 409', async () => {
        const u = await signUp(t)
        const results = await Promise.all(
          Array.from({ length: 6 }, () =>
            u.call({ method: 'POST', url: '/v5/boards', payload: { name: 'Race' } }),
          ),
        )
        const codes = results.map((r) => r.statusCode).sort()
        expect(codes).toEqual([201, 409, 409, 409, 409, 409])
        for (const r of results.filter((r) => r.statusCode === 409)) {
          expect(r.json()).toMatchObject({ code: 409, reason: 'board_name_taken' })
        }
      })

      it('refuses bad input with 400 {code, message}', async () => {
        const u = await signUp(t)
        const board = await createBoard(u, { name: 'Valid' })
        const bad: [string, string, unknown][] = [
          ['POST', '/v5/boards', {}],
          ['POST', '/v5/boards', { name: '' }],
          ['POST', '/v5/boards', { name: '   ' }],
          ['POST', '/v5/boards', { name: 'x'.repeat(181) }],
          ['POST', '/v5/boards', { name: 'ok', description: 'd'.repeat(501) }],
          ['POST', '/v5/boards', { name: 'ok', privacy: 'PROTECTED' }],
          ['POST', '/v5/boards', { name: { text: 'x' } }],
          ['PATCH', `/v5/boards/${board.id}`, { privacy: 'public' }],
          ['PATCH', `/v5/boards/${board.id}`, { name: '' }],
          ['POST', `/v5/boards/${board.id}/sections`, { name: '' }],
          ['POST', `/v5/boards/${board.id}/sections`, { name: 's'.repeat(181) }],
          ['POST', `/v5/boards/${board.id}/sections`, {}],
          ['GET', '/v5/boards/not-a-number', undefined],
          ['GET', '/v5/boards?privacy=NOPE', undefined],
          ['GET', '/v5/boards?page_size=0', undefined],
          ['GET', '/v5/boards?bookmark=%%%', undefined],
        ]
        for (const [method, url, payload] of bad) {
          const res = await u.call({
            method: method as 'GET',
            url,
            ...(payload === undefined ? {} : { payload: payload as object }),
          })
          expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(400)
          expect(res.json()).toMatchObject({ code: 400, message: expect.any(String) })
        }
        expect(
          await t.ctx.db
            .selectFrom('boards')
            .select('name')
            .where('owner_id', '=', Number(u.id))
            .execute(),
        ).toEqual([{ name: 'Valid' }])
      })

      it('lists the own boards, secret ones included, filtered by privacy, paged without gaps', async () => {
        const u = await signUp(t)
        const made: WireBoard[] = []
        for (let i = 0; i < 7; i++) {
          made.push(
            await createBoard(u, { name: `B${i}`, privacy: i % 3 === 0 ? 'SECRET' : 'PUBLIC' }),
          )
        }
        const seen: string[] = []
        let bookmark: string | null = null
        do {
          const res = await u.call({
            method: 'GET',
            url: `/v5/boards?page_size=2${bookmark ? `&bookmark=${bookmark}` : ''}`,
          })
          expect(res.statusCode).toBe(200)
          const page = res.json() as { items: WireBoard[]; bookmark: string | null }
          expect(page.items.length).toBeLessThanOrEqual(2)
          seen.push(...page.items.map((b) => b.id))
          bookmark = page.bookmark
        } while (bookmark)
        expect(seen).toEqual(made.map((b) => b.id).reverse())

        const secret = await u.call({ method: 'GET', url: '/v5/boards?privacy=SECRET' })
        expect(secret.json().items.map((b: WireBoard) => b.name)).toEqual(['B6', 'B3', 'B0'])
        const pub = await u.call({ method: 'GET', url: '/v5/boards?privacy=PUBLIC' })
        expect(pub.json().items).toHaveLength(4)
        const all = await u.call({ method: 'GET', url: '/v5/boards?privacy=PUBLIC_AND_SECRET' })
        expect(all.json().items).toHaveLength(7)
        const prot = await u.call({ method: 'GET', url: '/v5/boards?privacy=PROTECTED' })
        expect(prot.json()).toEqual({ items: [], bookmark: null })

        const other = await signUp(t)
        const theirs = await other.call({ method: 'GET', url: '/v5/boards' })
        expect(theirs.json()).toEqual({ items: [], bookmark: null })
        const profile = await other.call({ method: 'GET', url: `/v5/users/${u.username}/boards` })
        expect(profile.json().items.map((b: WireBoard) => b.name)).toEqual(['B5', 'B4', 'B2', 'B1'])
        const own = await u.call({ method: 'GET', url: `/v5/users/${u.username}/boards` })
        expect(own.json().items).toHaveLength(7)
        const anon = await t.app.inject({ method: 'GET', url: `/v5/users/${u.username}/boards` })
        expect(anon.json().items).toHaveLength(4)
        const nobody = await t.app.inject({ method: 'GET', url: '/v5/users/nobody_here/boards' })
        expect(nobody.statusCode).toBe(404)
      })

      it('a secret board is 404 to everyone but its owner, on every board path', async () => {
        const owner = await signUp(t)
        const other = await signUp(t)
        const board = await createBoard(owner, { name: 'Surprise party', privacy: 'SECRET' })
        const section = await owner.call({
          method: 'POST',
          url: `/v5/boards/${board.id}/sections`,
          payload: { name: 'Cakes' },
        })
        const sectionId = section.json().id as string
        const paths: [string, string, object?][] = [
          ['GET', `/v5/boards/${board.id}`],
          ['GET', `/v5/boards/${board.id}/sections`],
          ['POST', `/v5/boards/${board.id}/follow`],
          ['DELETE', `/v5/boards/${board.id}/follow`],
          ['PATCH', `/v5/boards/${board.id}`, { name: 'mine now' }],
          ['DELETE', `/v5/boards/${board.id}`],
          ['POST', `/v5/boards/${board.id}/sections`, { name: 'x' }],
          ['PATCH', `/v5/boards/${board.id}/sections/${sectionId}`, { name: 'x' }],
          ['DELETE', `/v5/boards/${board.id}/sections/${sectionId}`],
        ]
        for (const [method, url, payload] of paths) {
          const res = await other.call({ method: method as 'GET', url, payload })
          expect(res.statusCode, `${method} ${url}`).toBe(404)
          expect(res.json()).toMatchObject({ code: 404, reason: 'not_found' })
          // Exactly as if it did not exist:
          const missing = await other.call({
            method: method as 'GET',
            url: url.replace(`/boards/${board.id}`, '/boards/987654321'),
            payload,
          })
          expect(missing.statusCode).toBe(404)
          expect(missing.json().message).toBe(res.json().message)
        }
        const anon = await t.app.inject({ method: 'GET', url: `/v5/boards/${board.id}` })
        expect(anon.statusCode).toBe(404)
        const list = await other.call({ method: 'GET', url: `/v5/users/${owner.username}/boards` })
        expect(list.json().items).toEqual([])

        const mine = await owner.call({ method: 'GET', url: `/v5/boards/${board.id}` })
        expect(mine.statusCode).toBe(200)
        expect(mine.json().name).toBe('Surprise party')
        const sections = await owner.call({ method: 'GET', url: `/v5/boards/${board.id}/sections` })
        expect(sections.json().items).toEqual([{ id: sectionId, name: 'Cakes' }])
      })
    })

    describe('board content', () => {
      withOwnApp()

      it('PATCH by the owner only; privacy flips every pin.secret and ends follows of a secret board', async () => {
        const owner = await signUp(t)
        const fan = await signUp(t)
        const board = await createBoard(owner, { name: 'Travel' })
        await insertPin(owner, board.id)
        await insertPin(owner, board.id)
        const otherBoard = await createBoard(owner, { name: 'Untouched' })
        await insertPin(owner, otherBoard.id)

        const notOwner = await fan.call({
          method: 'PATCH',
          url: `/v5/boards/${board.id}`,
          payload: { name: 'hijacked' },
        })
        expect(notOwner.statusCode).toBe(403)
        expect(notOwner.json()).toMatchObject({ code: 403, reason: 'not_owner' })

        expect(
          (await fan.call({ method: 'POST', url: `/v5/boards/${board.id}/follow` })).statusCode,
        ).toBe(200)

        const toSecret = await owner.call({
          method: 'PATCH',
          url: `/v5/boards/${board.id}`,
          payload: { privacy: 'SECRET', description: 'Only me' },
        })
        expect(toSecret.statusCode).toBe(200)
        expect(toSecret.json()).toMatchObject({
          name: 'Travel',
          description: 'Only me',
          privacy: 'SECRET',
          pin_count: 2,
          follower_count: 0,
        })
        expect((await pinsOf(board.id)).map((p) => p.secret)).toEqual([1, 1])
        expect((await pinsOf(otherBoard.id)).map((p) => p.secret)).toEqual([0])
        expect((await fan.call({ method: 'GET', url: `/v5/boards/${board.id}` })).statusCode).toBe(
          404,
        )
        const followed = await fan.call({ method: 'GET', url: '/v5/user_account/following/boards' })
        expect(followed.json().items).toEqual([])

        const toPublic = await owner.call({
          method: 'PATCH',
          url: `/v5/boards/${board.id}`,
          payload: { privacy: 'PUBLIC' },
        })
        expect(toPublic.json().privacy).toBe('PUBLIC')
        expect((await pinsOf(board.id)).map((p) => p.secret)).toEqual([0, 0])
        expect((await fan.call({ method: 'GET', url: `/v5/boards/${board.id}` })).statusCode).toBe(
          200,
        )

        const empty = await owner.call({
          method: 'PATCH',
          url: `/v5/boards/${board.id}`,
          payload: {},
        })
        expect(empty.statusCode).toBe(200)
        expect(empty.json().name).toBe('Travel')
      })

      it('counts pins and followers, shows the cover and up to 5 thumbnails of the newest pins', async () => {
        const owner = await signUp(t)
        const fan = await signUp(t)
        const board = await createBoard(owner, { name: 'Home' })
        const emptyBoard = await createBoard(owner, { name: 'Empty' })
        const keys: string[] = []
        for (let i = 0; i < 7; i++) keys.push((await insertPin(owner, board.id)).key)
        const newest = [...keys].reverse()

        const res = await fan.call({ method: 'POST', url: `/v5/boards/${board.id}/follow` })
        expect(res.statusCode).toBe(200)
        expect(res.json()).toMatchObject({ id: board.id, follower_count: 1, is_following: true })
        expect(
          (await fan.call({ method: 'POST', url: `/v5/boards/${board.id}/follow` })).statusCode,
        ).toBe(200)

        const got = (await fan.call({ method: 'GET', url: `/v5/boards/${board.id}` })).json()
        expect(got).toMatchObject({ pin_count: 7, follower_count: 1, is_following: true })
        expect(got.media.image_cover_url).toBe(
          `http://localhost:3000/media/${newest[0]}/400x300.jpg`,
        )
        expect(got.media.pin_thumbnail_urls).toEqual(
          newest.slice(0, 5).map((k) => `http://localhost:3000/media/${k}/150x150.jpg`),
        )
        const anon = (await t.app.inject({ method: 'GET', url: `/v5/boards/${board.id}` })).json()
        expect(anon).not.toHaveProperty('is_following')
        expect(anon.follower_count).toBe(1)

        // The list computes the same per board.
        const list = (await owner.call({ method: 'GET', url: '/v5/boards' })).json()
        const byId = new Map(list.items.map((b: WireBoard) => [b.id, b]))
        expect(byId.get(board.id)).toEqual({ ...got, is_following: false })
        expect(byId.get(emptyBoard.id)).toMatchObject({
          pin_count: 0,
          media: { image_cover_url: null, pin_thumbnail_urls: [] },
        })

        const followed = await fan.call({ method: 'GET', url: '/v5/user_account/following/boards' })
        expect(followed.json().items.map((b: WireBoard) => b.id)).toEqual([board.id])

        const own = await owner.call({ method: 'POST', url: `/v5/boards/${board.id}/follow` })
        expect(own.statusCode).toBe(400)
        expect(own.json()).toMatchObject({ code: 400, reason: 'self_follow' })

        expect(
          (await fan.call({ method: 'DELETE', url: `/v5/boards/${board.id}/follow` })).statusCode,
        ).toBe(204)
        expect(
          (await fan.call({ method: 'DELETE', url: `/v5/boards/${board.id}/follow` })).statusCode,
        ).toBe(204)
        const after = (await fan.call({ method: 'GET', url: `/v5/boards/${board.id}` })).json()
        expect(after).toMatchObject({ follower_count: 0, is_following: false })
      })

      it('DELETE removes the board with its pins and sections (owner only, 204)', async () => {
        const owner = await signUp(t)
        const other = await signUp(t)
        const board = await createBoard(owner, { name: 'Doomed' })
        await owner.call({
          method: 'POST',
          url: `/v5/boards/${board.id}/sections`,
          payload: { name: 'S' },
        })
        await insertPin(owner, board.id)
        const forbidden = await other.call({ method: 'DELETE', url: `/v5/boards/${board.id}` })
        expect(forbidden.statusCode).toBe(403)
        const res = await owner.call({ method: 'DELETE', url: `/v5/boards/${board.id}` })
        expect(res.statusCode).toBe(204)
        expect(res.body).toBe('')
        expect(await pinsOf(board.id)).toEqual([])
        const sections = await t.ctx.db
          .selectFrom('board_sections')
          .selectAll()
          .where('board_id', '=', Number(board.id))
          .execute()
        expect(sections).toEqual([])
        expect(
          (await owner.call({ method: 'GET', url: `/v5/boards/${board.id}` })).statusCode,
        ).toBe(404)
        expect(
          (await owner.call({ method: 'DELETE', url: `/v5/boards/${board.id}` })).statusCode,
        ).toBe(404)
      })

      it('sections: create, list, rename, delete; pins stay on the board', async () => {
        const owner = await signUp(t)
        const other = await signUp(t)
        const board = await createBoard(owner, { name: 'Recipes' })
        const created = await owner.call({
          method: 'POST',
          url: `/v5/boards/${board.id}/sections`,
          payload: { name: 'Salads' },
        })
        expect(created.statusCode).toBe(201)
        expect(created.json()).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'Salads' })
        const salads = created.json().id as string
        const clash = await owner.call({
          method: 'POST',
          url: `/v5/boards/${board.id}/sections`,
          payload: { name: 'salads' },
        })
        expect(clash.statusCode).toBe(409)
        expect(clash.json()).toMatchObject({ code: 409, reason: 'section_name_taken' })
        const names = ['Soups', 'Cakes', 'Bread', 'Pasta', 'Pies', 'Drinks']
        for (const name of names) {
          const res = await owner.call({
            method: 'POST',
            url: `/v5/boards/${board.id}/sections`,
            payload: { name },
          })
          expect(res.statusCode).toBe(201)
        }
        const seen: string[] = []
        let bookmark: string | null = null
        do {
          const res = await other.call({
            method: 'GET',
            url: `/v5/boards/${board.id}/sections?page_size=2${bookmark ? `&bookmark=${bookmark}` : ''}`,
          })
          const page = res.json() as { items: { name: string }[]; bookmark: string | null }
          seen.push(...page.items.map((s) => s.name))
          bookmark = page.bookmark
        } while (bookmark)
        expect(seen).toEqual(['Salads', ...names])

        const byOther = await other.call({
          method: 'POST',
          url: `/v5/boards/${board.id}/sections`,
          payload: { name: 'Mine' },
        })
        expect(byOther.statusCode).toBe(403)

        const renamed = await owner.call({
          method: 'PATCH',
          url: `/v5/boards/${board.id}/sections/${salads}`,
          payload: { name: 'Green salads' },
        })
        expect(renamed.statusCode).toBe(200)
        expect(renamed.json()).toEqual({ id: salads, name: 'Green salads' })
        const renameClash = await owner.call({
          method: 'PATCH',
          url: `/v5/boards/${board.id}/sections/${salads}`,
          payload: { name: 'Soups' },
        })
        expect(renameClash.statusCode).toBe(409)

        // A section is only reachable through its own board.
        const elsewhere = await createBoard(owner, { name: 'Elsewhere' })
        const wrongBoard = await owner.call({
          method: 'PATCH',
          url: `/v5/boards/${elsewhere.id}/sections/${salads}`,
          payload: { name: 'x' },
        })
        expect(wrongBoard.statusCode).toBe(404)

        const { pinId } = await insertPin(owner, board.id, { sectionId: salads })
        const del = await owner.call({
          method: 'DELETE',
          url: `/v5/boards/${board.id}/sections/${salads}`,
        })
        expect(del.statusCode).toBe(204)
        const pins = await pinsOf(board.id)
        expect(pins).toEqual([{ id: pinId, secret: 0, board_section_id: null }])
        const again = await owner.call({
          method: 'DELETE',
          url: `/v5/boards/${board.id}/sections/${salads}`,
        })
        expect(again.statusCode).toBe(404)
      })

      it('a read-only token (boards:read) can read but not write boards (403)', async () => {
        const u = await signUp(t)
        const board = await createBoard(u, { name: 'Scoped' })
        const token = await u.call({
          method: 'POST',
          url: '/v5/user_account/tokens',
          payload: { name: 'ro', scopes: ['boards:read'] },
        })
        const headers = { authorization: `Bearer ${token.json().token}` }
        const read = await t.app.inject({ method: 'GET', url: '/v5/boards', headers })
        expect(read.statusCode).toBe(200)
        expect(read.json().items).toHaveLength(1)
        const writes: [string, string, object?][] = [
          ['POST', '/v5/boards', { name: 'Nope' }],
          ['PATCH', `/v5/boards/${board.id}`, { name: 'Nope' }],
          ['DELETE', `/v5/boards/${board.id}`],
          ['POST', `/v5/boards/${board.id}/sections`, { name: 'Nope' }],
        ]
        for (const [method, url, payload] of writes) {
          const res = await t.app.inject({ method: method as 'POST', url, headers, payload })
          expect(res.statusCode, `${method} ${url}`).toBe(403)
          expect(res.json()).toMatchObject({ code: 403, reason: 'insufficient_scope' })
        }
        const pinsOnly = await u.call({
          method: 'POST',
          url: '/v5/user_account/tokens',
          payload: { name: 'pins', scopes: ['pins:read'] },
        })
        const noRead = await t.app.inject({
          method: 'GET',
          url: `/v5/boards/${board.id}`,
          headers: { authorization: `Bearer ${pinsOnly.json().token}` },
        })
        expect(noRead.statusCode).toBe(403)
        const boards = await t.ctx.db
          .selectFrom('boards')
          .select('name')
          .where('owner_id', '=', Number(u.id))
          .execute()
        expect(boards).toEqual([{ name: 'Scoped' }])
      })

      it('no GET changes state', async () => {
        const a = await signUp(t)
        const b = await signUp(t)
        const pub = await createBoard(a, { name: 'Open' })
        const secret = await createBoard(a, { name: 'Closed', privacy: 'SECRET' })
        await insertPin(a, pub.id)
        await a.call({
          method: 'POST',
          url: `/v5/boards/${pub.id}/sections`,
          payload: { name: 'S' },
        })
        await b.call({ method: 'POST', url: `/v5/user_account/following/${a.username}` })
        await b.call({ method: 'POST', url: `/v5/boards/${pub.id}/follow` })

        const before = await databaseSnapshot(t)
        const gets = [
          '/v5/boards',
          '/v5/boards?privacy=SECRET',
          `/v5/boards/${pub.id}`,
          `/v5/boards/${secret.id}`,
          `/v5/boards/${pub.id}/sections`,
          `/v5/users/${a.username}/boards`,
          `/v5/users/${a.username}/followers`,
          `/v5/users/${a.username}/following`,
          '/v5/user_account/followers',
          '/v5/user_account/following',
          '/v5/user_account/following/boards',
          '/v5/user_account/blocks',
        ]
        for (const url of gets) {
          for (const caller of [a, b]) {
            expect((await caller.call({ method: 'GET', url })).statusCode).toBeLessThan(500)
          }
          expect((await t.app.inject({ method: 'GET', url })).statusCode).toBeLessThan(500)
        }
        expect(await databaseSnapshot(t)).toEqual(before)
      })
    })
  })
}
