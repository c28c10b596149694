import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { block, createPin, follow, makeBoard } from './pin-fixtures'

/** A home-feed card as the API answers it. */
interface Card {
  id: string
  parent_pin_id: string | null
  saved_by: { users: { username: string }[]; count: number }
}

/**
 * The home feed shows one card per original pin, with who of the viewer's network saved it:
 * never a save of a pin beside its original, never a secret save or a blocked person's save
 * in `saved_by`, and the original only when the viewer may see it.
 */
for (const dialect of DIALECTS) {
  describe(`home feed: one card per original pin [${dialect}]`, () => {
    let t: TestApp
    let viewer: TestUser
    const boards = new Map<TestUser, string>()
    beforeAll(async () => {
      t = await createTestApp(dialect)
      viewer = await signUp(t)
    })
    afterAll(() => t.close())

    const person = async () => {
      const user = await signUp(t)
      boards.set(user, await makeBoard(t, user))
      return user
    }
    const pin = async (user: TestUser, board = boards.get(user)!) =>
      (await createPin(t, user, board)).id
    const save = async (user: TestUser, pinId: string, board = boards.get(user)!) => {
      const res = await callAs(t, user, {
        method: 'POST',
        url: `/v5/pins/${pinId}/save`,
        payload: { board_id: board },
      })
      expect(res.statusCode, res.body).toBe(201)
      return (res.json() as { id: string }).id
    }

    /** Every card of the viewer's feed, over pages of `size`. */
    async function feed(user: TestUser | null, size = 10): Promise<Card[]> {
      const cards: Card[] = []
      let bookmark: string | null = null
      do {
        const qs = `page_size=${size}${bookmark ? `&bookmark=${bookmark}` : ''}`
        const res = await callAs(t, user, { method: 'GET', url: `/v5/feed?${qs}` })
        expect(res.statusCode).toBe(200)
        const body = res.json() as { items: Card[]; bookmark: string | null }
        cards.push(...body.items)
        bookmark = body.bookmark
      } while (bookmark)
      return cards
    }
    const names = (card: Card | undefined) => card?.saved_by.users.map((u) => u.username)

    it('collapses every save of a pin into its original, saved by the network with You first', async () => {
      boards.set(viewer, await makeBoard(t, viewer))
      const [ann, ben, cid, dee, fay] = [
        await person(),
        await person(),
        await person(),
        await person(),
        await person(),
      ]
      for (const u of [ann, ben, cid, fay]) await follow(t, viewer, u)
      // Dee, whom the viewer does not follow, made it; Cid saved Ann's save (a chain).
      const original = await pin(dee)
      const annSave = await save(ann, original)
      const saves = [annSave, await save(ben, original), await save(cid, annSave)]
      // Fay saved it onto a secret board: not the viewer's to know.
      saves.push(await save(fay, original, await makeBoard(t, fay, 'SECRET')))
      saves.push(await save(viewer, original))

      const cards = await feed(viewer)
      const ids = cards.map((c) => c.id)
      expect(ids.filter((id) => id === original)).toHaveLength(1)
      for (const id of saves) expect(ids).not.toContain(id)
      expect(new Set(ids).size).toBe(ids.length)
      const card = cards.find((c) => c.id === original)!
      // the viewer first, then the newest savers; four in all (not Fay)
      expect(names(card)).toEqual([viewer.username, cid.username, ben.username])
      expect(card.saved_by.count).toBe(4)

      // Someone the viewer then blocks drops out of saved_by and out of the feed.
      await block(t, viewer, ben)
      const after = (await feed(viewer)).find((c) => c.id === original)!
      expect(names(after)).toEqual([viewer.username, cid.username, ann.username])
      expect(after.saved_by.count).toBe(3)
      const body = JSON.stringify(await feed(viewer, 25))
      expect(body).not.toContain(ben.username)
      expect(body).not.toContain(`"${fay.username}"`)
    })

    it('shows the newest save in the network when the original is secret, deleted or blocked', async () => {
      const reader = await person()
      const [gil, ann, ben, hal, ivy] = [
        await person(),
        await person(),
        await person(),
        await person(),
        await person(),
      ]
      for (const u of [gil, ann, ben]) await follow(t, reader, u)
      // Gil saved a pin of his secret board onto his public one.
      const secret = await pin(gil, await makeBoard(t, gil, 'SECRET'))
      const gilSave = await save(gil, secret)
      // Hal's pin, saved by Ann then Ben; Hal then blocks the reader.
      const halPin = await pin(hal)
      const annOfHal = await save(ann, halPin)
      const benOfHal = await save(ben, halPin)
      await block(t, hal, reader)
      // Ivy's pin, saved by Ann; Ivy then deletes it.
      const ivyPin = await pin(ivy)
      const annOfIvy = await save(ann, ivyPin)
      expect(
        (await callAs(t, ivy, { method: 'DELETE', url: `/v5/pins/${ivyPin}` })).statusCode,
      ).toBe(204)

      const cards = await feed(reader)
      const ids = cards.map((c) => c.id)
      for (const hidden of [secret, halPin, ivyPin, annOfHal]) expect(ids).not.toContain(hidden)
      expect(names(cards.find((c) => c.id === gilSave))).toEqual([gil.username])
      const hal1 = cards.find((c) => c.id === benOfHal)!
      expect(names(hal1)).toEqual([ben.username, ann.username])
      expect(hal1.saved_by.count).toBe(2)
      expect(names(cards.find((c) => c.id === annOfIvy))).toEqual([ann.username])
      expect(new Set(ids).size).toBe(ids.length)
      expect(JSON.stringify(cards)).not.toContain(hal.username)
    })

    it('popular pins are originals only, saved by nobody; anonymous readers too', async () => {
      const [kim, lee] = [await person(), await person()]
      const kimPin = await pin(kim)
      const leeSave = await save(lee, kimPin)
      for (const reader of [null, await person()]) {
        const cards = await feed(reader, 7)
        const ids = cards.map((c) => c.id)
        expect(ids).toContain(kimPin)
        expect(ids).not.toContain(leeSave)
        expect(cards.every((c) => c.parent_pin_id === null)).toBe(true)
        expect(cards.every((c) => c.saved_by.count === 0 && c.saved_by.users.length === 0)).toBe(
          true,
        )
        expect(new Set(ids).size).toBe(ids.length)
      }
    })

    it('a popular pin moves into the network as one card once someone followed saves it', async () => {
      const reader = await person()
      const [mo, nia] = [await person(), await person()]
      await follow(t, reader, nia)
      const moPin = await pin(mo)
      const before = (await feed(reader)).filter((c) => c.id === moPin)
      expect(before.map((c) => c.saved_by.count)).toEqual([0])
      const niaSave = await save(nia, moPin)
      const cards = await feed(reader)
      expect(cards.filter((c) => c.id === moPin).map((c) => names(c))).toEqual([[nia.username]])
      expect(cards.map((c) => c.id)).not.toContain(niaSave)
      // the network comes first: the card is at the top
      expect(cards[0]!.id).toBe(moPin)
    })
  })
}
