import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemoIfEmpty } from '../../server/demo/seed-demo'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { block, createPin, follow } from './pin-fixtures'

interface Topic {
  id: string
  name: string
  pin_count: number
  image_url: string | null
}
interface Suggestions {
  users: {
    user: { id: string; username: string }
    topics: string[]
    pin_thumbnail_urls: string[]
  }[]
  boards: { board: { id: string; name: string; privacy: string }; topics: string[] }[]
}

for (const dialect of DIALECTS) {
  describe(`first sign-in [${dialect}]`, () => {
    let t: TestApp
    /** Ana pins camping, Bo recipes, Cy a little of both; Dee camps too but blocks the viewer. */
    let ana: TestUser, bo: TestUser, cy: TestUser, dee: TestUser
    const boards: Record<string, string> = {}

    const get = (u: TestUser, url: string) => u.call({ method: 'GET', url })
    const complete = (u: TestUser, payload: Record<string, unknown>) =>
      u.call({ method: 'POST', url: '/v5/onboarding/complete', payload })
    const board = async (owner: TestUser, name: string, privacy = 'PUBLIC') => {
      const res = await owner.call({
        method: 'POST',
        url: '/v5/boards',
        payload: { name, privacy },
      })
      expect(res.statusCode).toBe(201)
      return (boards[name] = res.json().id as string)
    }
    const pins = async (owner: TestUser, boardId: string, titles: string[]) => {
      for (const title of titles) await createPin(t, owner, boardId, { title })
    }

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ;[ana, bo, cy, dee] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)]
      await pins(ana, await board(ana, 'Camping trip'), [
        'Tent pitched by the lake',
        'Camping stove breakfast',
        'Sleeping bag for cold nights',
      ])
      await pins(ana, await board(ana, 'Family camping'), ['Camping with kids'])
      await pins(ana, await board(ana, 'Camping secrets', 'SECRET'), ['Secret camping spot'])
      await pins(bo, await board(bo, 'Weeknight dinners'), ['Tomato soup', 'Lemon pasta'])
      await pins(bo, await board(bo, 'Dinners to try'), ['Mushroom risotto'])
      await pins(cy, await board(cy, 'Ideas list'), ['Campfire dinners', 'Garden ideas'])
      await pins(cy, await board(cy, 'Greek islands'), ['Blue doors of Naxos', 'Harbour lunch'])
      await pins(dee, await board(dee, 'Camping gear'), ['Ultralight camping tent', 'Camp chair'])
    })
    afterAll(() => t.close())

    it('a new account is PENDING; topics are what public boards are about, by public pins', async () => {
      const viewer = await signUp(t)
      const status = await get(viewer, '/v5/onboarding')
      expect(status.statusCode).toBe(200)
      expect(status.json()).toEqual({ status: 'PENDING', onboarded_at: null })

      const res = await get(viewer, '/v5/onboarding/topics')
      expect(res.statusCode).toBe(200)
      const topics = res.json().items as Topic[]
      const byId = new Map(topics.map((x) => [x.id, x]))
      // "Camping" names three public boards, whose 6 pins hold it (a pin is found by its
      // board's name); the secret board's pin is counted nowhere
      expect(topics[0]).toMatchObject({ id: 'camp', name: 'Camping', pin_count: 6 })
      expect(topics[0]!.image_url).toMatch(/^http:\/\/localhost:3000\/media\/[^/]+\/400x300\.jpg$/)
      expect(byId.get('dinner')).toMatchObject({ name: 'Dinners', pin_count: 4 })
      // words always written together are one topic, named as written
      expect(byId.get('greek')).toMatchObject({ name: 'Greek islands', pin_count: 2 })
      expect(byId.has('island')).toBe(false)
      // a word only ever written beside a broader one is not a topic of its own
      expect(byId.has('weeknight')).toBe(false)
      expect(byId.has('trip')).toBe(false)
      expect(byId.has('gear')).toBe(false)
      // vague words name no topic, whatever boards are called by them
      expect(byId.has('idea')).toBe(false)
      expect(byId.has('list')).toBe(false)
      expect(byId.has('secret')).toBe(false)
      const counts = topics.map((x) => x.pin_count)
      expect(counts).toEqual([...counts].sort((a, b) => b - a))

      expect((await t.app.inject({ method: 'GET', url: '/v5/onboarding/topics' })).statusCode).toBe(
        401,
      )
    })

    it('suggests people and boards about the chosen topics first, never the unreachable', async () => {
      const viewer = await signUp(t)
      await block(t, dee, viewer)
      await follow(t, viewer, cy)
      const res = await get(viewer, '/v5/onboarding/suggestions?topics=camp')
      expect(res.statusCode).toBe(200)
      const s = res.json() as Suggestions
      const people = s.users.map((u) => u.user.username)
      // Ana: four camping pins; Bo is popular filler; Cy is followed already; Dee blocked
      expect(people[0]).toBe(ana.username)
      expect(s.users[0]!.topics).toEqual(['camp'])
      expect(s.users[0]!.pin_thumbnail_urls.length).toBeGreaterThan(0)
      expect(people).toContain(bo.username)
      expect(people).not.toContain(cy.username)
      expect(people).not.toContain(dee.username)
      expect(people).not.toContain(viewer.username)
      const names = s.boards.map((b) => b.board.name)
      expect(names.slice(0, 2).sort()).toEqual(['Camping trip', 'Family camping'])
      expect(names).not.toContain('Camping secrets')
      expect(names).not.toContain('Camping gear')
      expect(s.boards.every((b) => b.board.privacy === 'PUBLIC')).toBe(true)

      // nothing chosen: what is popular on the instance
      const popular = (await get(viewer, '/v5/onboarding/suggestions')).json() as Suggestions
      expect(popular.users.length).toBeGreaterThan(0)
      expect(popular.boards.length).toBeGreaterThan(0)
      // never one's own board
      const own = (await get(ana, '/v5/onboarding/suggestions?topics=camp')).json() as Suggestions
      expect(own.boards.map((b) => b.board.name)).not.toContain('Camping trip')
      expect(own.users.map((u) => u.user.username)).not.toContain(ana.username)
    })

    it('refuses topics that are not topic ids, or too many', async () => {
      const viewer = await signUp(t)
      for (const topics of [
        'Camp',
        'camp!',
        'a b',
        Array.from({ length: 11 }, (_, i) => `t${i}`).join(','),
      ]) {
        const res = await get(
          viewer,
          `/v5/onboarding/suggestions?topics=${encodeURIComponent(topics)}`,
        )
        expect(res.statusCode, topics).toBe(400)
        expect(res.json()).toMatchObject({ code: 400, reason: 'invalid_input' })
      }
      // unknown words are simply about nothing
      expect((await get(viewer, '/v5/onboarding/suggestions?topics=zzzz,camp')).statusCode).toBe(
        200,
      )
    })

    it('completing follows the choices in one transaction and fills the home feed', async () => {
      const viewer = await signUp(t)
      const before = await get(viewer, '/v5/feed?page_size=3')
      expect(before.json().items.length).toBeGreaterThan(0)

      const res = await complete(viewer, {
        user_ids: [ana.id],
        board_ids: [boards['Weeknight dinners']],
      })
      expect(res.statusCode).toBe(200)
      const done = res.json()
      expect(done).toMatchObject({
        status: 'DONE',
        followed: { user_ids: [ana.id], board_ids: [boards['Weeknight dinners']] },
      })
      expect(Date.parse(done.onboarded_at)).toBeGreaterThan(Date.now() - 60_000)
      expect((await get(viewer, '/v5/onboarding')).json()).toEqual({
        status: 'DONE',
        onboarded_at: done.onboarded_at,
      })

      // the home feed starts with their pins: Ana's four public ones and the board's two
      const feed = (await get(viewer, '/v5/feed?page_size=6')).json().items as {
        board_id: string
      }[]
      const network = new Set([
        boards['Camping trip'],
        boards['Family camping'],
        boards['Weeknight dinners'],
      ])
      expect(feed.map((p) => network.has(p.board_id))).toEqual([true, true, true, true, true, true])
      const following = (await get(viewer, '/v5/user_account/following')).json().items
      expect(following.map((u: { username: string }) => u.username)).toEqual([ana.username])
      const followedBoards = (await get(viewer, '/v5/user_account/following/boards')).json().items
      expect(followedBoards.map((b: { name: string }) => b.name)).toEqual(['Weeknight dinners'])

      // done again: what is new is followed, the first time stays
      const again = await complete(viewer, { user_ids: [bo.id] })
      expect(again.json()).toMatchObject({
        onboarded_at: done.onboarded_at,
        followed: { user_ids: [bo.id], board_ids: [] },
      })
    })

    it('skipping is completing with nothing; a refused choice undoes the whole finish', async () => {
      const skipper = await signUp(t)
      const skip = await complete(skipper, {})
      expect(skip.statusCode).toBe(200)
      expect(skip.json()).toMatchObject({
        status: 'DONE',
        followed: { user_ids: [], board_ids: [] },
      })

      const viewer = await signUp(t)
      const self = await complete(viewer, { user_ids: [ana.id, viewer.id] })
      expect(self.statusCode).toBe(400)
      expect(self.json()).toMatchObject({ reason: 'self_follow' })
      const own = await complete(ana, { user_ids: [bo.id], board_ids: [boards['Camping trip']] })
      expect(own.statusCode).toBe(400)
      // nothing of either happened
      expect((await get(viewer, '/v5/onboarding')).json().status).toBe('PENDING')
      expect((await get(viewer, '/v5/user_account/following')).json().items).toEqual([])
      const boFollowers = (await get(bo, '/v5/user_account/followers')).json().items
      expect(boFollowers.map((u: { username: string }) => u.username)).not.toContain(ana.username)
    })

    it('leaves out what cannot be followed any more: blocked, gone, secret', async () => {
      const viewer = await signUp(t)
      await block(t, dee, viewer)
      const res = await complete(viewer, {
        user_ids: [dee.id, '999999', cy.id],
        board_ids: [
          boards['Camping gear'],
          boards['Camping secrets'],
          '999998',
          boards['Family camping'],
        ],
      })
      expect(res.statusCode).toBe(200)
      expect(res.json().followed).toEqual({
        user_ids: [cy.id],
        board_ids: [boards['Family camping']],
      })
      const bad = await complete(viewer, { user_ids: ['abc'] })
      expect(bad.statusCode).toBe(400)
      const tooMany = await complete(viewer, {
        user_ids: Array.from({ length: 51 }, (_, i) => String(i + 1)),
      })
      expect(tooMany.statusCode).toBe(400)
    })

    it('concurrent finishes: one onboarded_at, no duplicate follows, no deadlock', async () => {
      const a = await signUp(t)
      const b = await signUp(t)
      const results = await Promise.all([
        complete(a, { user_ids: [ana.id, bo.id, b.id] }),
        complete(a, { user_ids: [bo.id, ana.id] }),
        // b follows a while a follows b: the two lock the same people, in one order
        complete(b, { user_ids: [a.id, ana.id], board_ids: [boards['Camping trip']] }),
        complete(b, { user_ids: [bo.id, a.id] }),
      ])
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200])
      expect(new Set(results.slice(0, 2).map((r) => r.json().onboarded_at)).size).toBe(1)
      const rows = await t.ctx.db
        .selectFrom('follows')
        .select(['follower_id', 'followee_id'])
        .where('follower_id', 'in', [Number(a.id), Number(b.id)])
        .execute()
      expect(rows).toHaveLength(6)
      const mine = await callAs(t, a, { method: 'GET', url: '/v5/onboarding' })
      expect(mine.json().status).toBe('DONE')
    })
  })

  describe(`first sign-in on the demo world [${dialect}]`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp(dialect)
      await seedDemoIfEmpty(t.ctx, { pins: 160, images: 8 })
    }, 120_000)
    afterAll(() => t.close())

    it('demo people count as onboarded; a newcomer gets topics and people to follow', async () => {
      const demo = await t.ctx.db
        .selectFrom('users')
        .select(['onboarded_at', 'created_at'])
        .execute()
      expect(demo.length).toBeGreaterThan(30)
      expect(demo.every((u) => u.onboarded_at === u.created_at)).toBe(true)

      const newcomer = await signUp(t)
      expect((await newcomer.call({ method: 'GET', url: '/v5/onboarding' })).json().status).toBe(
        'PENDING',
      )
      const topics = (await newcomer.call({ method: 'GET', url: '/v5/onboarding/topics' })).json()
        .items as Topic[]
      expect(topics.length).toBeGreaterThanOrEqual(8)
      expect(topics.every((x) => x.image_url !== null && x.pin_count >= 2)).toBe(true)
      // distinct pictures where the instance has enough of them
      expect(new Set(topics.map((x) => x.image_url)).size).toBeGreaterThanOrEqual(4)
      const chosen = topics.slice(0, 2).map((x) => x.id)
      const s = (
        await newcomer.call({
          method: 'GET',
          url: `/v5/onboarding/suggestions?topics=${chosen.join(',')}`,
        })
      ).json() as Suggestions
      expect(s.users.length).toBe(8)
      expect(s.boards.length).toBeGreaterThan(0)
      expect(s.users[0]!.topics.length).toBeGreaterThan(0)
      expect(s.boards[0]!.topics.length).toBeGreaterThan(0)
    })
  })
}
