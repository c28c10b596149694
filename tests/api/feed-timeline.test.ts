import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng } from '../../server/demo/prng'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin, makeBoard } from './pin-fixtures'

/**
 * The home feed's network is written on change (feed_items) instead of computed on read.
 * After every step of a long random walk over everything that changes a network (pins made,
 * saved, moved and deleted; people and boards followed and unfollowed; boards turning secret
 * and back; blocks), each person's written network must equal the network computed from
 * scratch by its definition: their own pins, and the public pins of the people and boards
 * they follow, from no one they have a block with.
 */
for (const dialect of DIALECTS) {
  describe(`feed timeline stays equal to its definition [${dialect}]`, () => {
    let t: TestApp
    const people: TestUser[] = []
    const boards: { id: string; owner: TestUser }[] = []
    const pins: { id: string; owner: TestUser }[] = []

    beforeAll(async () => {
      t = await createTestApp(dialect)
      for (let i = 0; i < 5; i++) people.push(await signUp(t))
      for (const owner of people) {
        for (let b = 0; b < 2; b++) boards.push({ id: await makeBoard(t, owner), owner })
      }
    })
    afterAll(() => t.close())

    const written = async (user: TestUser) =>
      (
        await t.ctx.db
          .selectFrom('feed_items')
          .select('pin_id')
          .where('user_id', '=', Number(user.id))
          .execute()
      )
        .map((r) => Number(r.pin_id))
        .sort((a, b) => a - b)

    const computed = async (user: TestUser) => {
      const me = Number(user.id)
      const { rows } = await sql<{ id: number }>`
        select p.id from pins p where p.owner_id = ${me}
        union
        select p.id from pins p join follows f on f.followee_id = p.owner_id
          where f.follower_id = ${me} and p.secret = 0
        union
        select p.id from pins p join board_follows bf on bf.board_id = p.board_id
          where bf.user_id = ${me} and p.secret = 0`.execute(t.ctx.db)
      const blocked = await t.ctx.db
        .selectFrom('blocks')
        .select(['blocker_id', 'blocked_id'])
        .where((eb) => eb.or([eb('blocker_id', '=', me), eb('blocked_id', '=', me)]))
        .execute()
      const others = new Set(
        blocked.map((b) => Number(b.blocker_id === me ? b.blocked_id : b.blocker_id)),
      )
      const owners = new Map(pins.map((p) => [Number(p.id), Number(p.owner.id)]))
      return rows
        .map((r) => Number(r.id))
        .filter((id) => !others.has(owners.get(id) ?? -1))
        .sort((a, b) => a - b)
    }

    /**
     * The network as the feed's cards: one per original (the root of a save chain), newest
     * network pin first; showing the original when the person may see it (it exists, is
     * public or theirs, from no one they have a block with), else the newest network pin.
     */
    const cardsOf = async (user: TestUser, network: number[]) => {
      const me = Number(user.id)
      const rows = await t.ctx.db
        .selectFrom('pins')
        .select(['id', 'root_pin_id', 'owner_id', 'secret'])
        .execute()
      const pinsById = new Map(rows.map((r) => [Number(r.id), r]))
      const blocks = await t.ctx.db
        .selectFrom('blocks')
        .select(['blocker_id', 'blocked_id'])
        .where((eb) => eb.or([eb('blocker_id', '=', me), eb('blocked_id', '=', me)]))
        .execute()
      const blocked = new Set(blocks.flatMap((b) => [Number(b.blocker_id), Number(b.blocked_id)]))
      blocked.delete(me)
      const newest = new Map<number, number>()
      for (const id of network) {
        const row = pinsById.get(id)!
        const root = Number(row.root_pin_id ?? row.id)
        newest.set(root, Math.max(newest.get(root) ?? 0, id))
      }
      return [...newest.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([root, last]) => {
          const original = pinsById.get(root)
          const visible =
            original !== undefined &&
            (Number(original.secret) === 0 || Number(original.owner_id) === me) &&
            !blocked.has(Number(original.owner_id))
          return visible ? root : last
        })
    }

    /** The pin ids of the person's first `pages` feed pages (25 each). */
    const feedPages = async (user: TestUser, pages: number) => {
      const ids: number[] = []
      let url = '/v5/feed'
      for (let page = 0; page < pages; page++) {
        const res = await callAs(t, user, { method: 'GET', url })
        const body = res.json() as { items: { id: string }[]; bookmark: string | null }
        ids.push(...body.items.map((p) => Number(p.id)))
        if (!body.bookmark) break
        url = `/v5/feed?bookmark=${encodeURIComponent(body.bookmark)}`
      }
      return ids
    }

    it('after each of 150 random steps, for every person', async () => {
      const rng = createRng(`timeline-${dialect}`)
      const pick = <T>(xs: T[]) => xs[rng.int(0, xs.length - 1)]!
      const steps: string[] = []
      for (let step = 0; step < 150; step++) {
        const [u, v] = [pick(people), pick(people)]
        const ownBoards = boards.filter((b) => b.owner === u)
        const kind = rng.int(0, 11)
        let res: { statusCode: number } | null = null
        if (kind <= 2 || pins.length === 0) {
          const board = pick(ownBoards)
          const pin = await createPin(t, u, board.id)
          pins.push({ id: pin.id, owner: u })
          steps.push(`${u.username} pins on ${board.id}`)
        } else if (kind === 3) {
          const origin = pick(pins)
          res = await callAs(t, u, {
            method: 'POST',
            url: `/v5/pins/${origin.id}/save`,
            payload: { board_id: pick(ownBoards).id },
          })
          if (res.statusCode === 201) {
            pins.push({ id: (res as unknown as { json(): { id: string } }).json().id, owner: u })
          }
          steps.push(`${u.username} saves ${origin.id}: ${res.statusCode}`)
        } else if (kind === 4) {
          const mine = pins.filter((p) => p.owner === u)
          if (mine.length === 0) continue
          const pin = pick(mine)
          const to = pick(ownBoards).id
          res = await callAs(t, u, {
            method: 'PATCH',
            url: `/v5/pins/${pin.id}`,
            payload: { board_id: to },
          })
          steps.push(`${u.username} moves ${pin.id} to ${to}: ${res.statusCode}`)
        } else if (kind === 5) {
          const mine = pins.filter((p) => p.owner === u)
          if (mine.length === 0) continue
          const pin = pick(mine)
          res = await callAs(t, u, { method: 'DELETE', url: `/v5/pins/${pin.id}` })
          pins.splice(pins.indexOf(pin), 1)
          steps.push(`${u.username} deletes ${pin.id}: ${res.statusCode}`)
        } else if (kind === 6 || kind === 7) {
          const method = kind === 6 ? 'POST' : 'DELETE'
          res = await callAs(t, u, { method, url: `/v5/user_account/following/${v.username}` })
          steps.push(`${u.username} ${method} follow ${v.username}: ${res.statusCode}`)
        } else if (kind === 8) {
          const board = pick(boards)
          const method = rng.int(0, 1) ? 'POST' : 'DELETE'
          res = await callAs(t, u, { method, url: `/v5/boards/${board.id}/follow` })
          steps.push(`${u.username} ${method} board follow ${board.id}: ${res.statusCode}`)
        } else if (kind === 9) {
          const board = pick(ownBoards)
          const privacy = rng.int(0, 1) ? 'SECRET' : 'PUBLIC'
          res = await callAs(t, u, {
            method: 'PATCH',
            url: `/v5/boards/${board.id}`,
            payload: { privacy },
          })
          steps.push(`${u.username} makes ${board.id} ${privacy}: ${res.statusCode}`)
        } else {
          const method = kind === 10 && rng.int(0, 2) === 0 ? 'POST' : 'DELETE'
          res = await callAs(t, u, { method, url: `/v5/users/${v.username}/block` })
          steps.push(`${u.username} ${method} block ${v.username}: ${res.statusCode}`)
        }
        expect(res === null || res.statusCode < 500, steps.at(-1)).toBe(true)
        for (const person of people) {
          const network = await computed(person)
          expect(await written(person), `${person.username} after: ${steps.join(' | ')}`).toEqual(
            network,
          )
          // What the feed serves (from memory where it can) follows every change at once.
          const served = await feedPages(person, 3)
          const cards = (await cardsOf(person, network)).slice(0, served.length)
          expect(served.slice(0, cards.length), `${person.username}'s feed`).toEqual(cards)
        }
      }
    }, 120_000)

    it('the feed reads its first page from the written network, one card per original', async () => {
      const reader = people[0]!
      const res = await callAs(t, reader, { method: 'GET', url: '/v5/feed?page_size=250' })
      const cards = await cardsOf(reader, await written(reader))
      const items = (res.json() as { items: { id: string }[] }).items.map((p) => Number(p.id))
      expect(items.slice(0, cards.length)).toEqual(cards)
    })
  })
}
