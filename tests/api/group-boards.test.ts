import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { conversationOf, messagingApp, mutualAmong, send } from './messaging-fixtures'
import { block, createPin, follow, makeBoard } from './pin-fixtures'

const collaborators = (u: TestUser | null, t: TestApp, board: string) =>
  (u ?? { call: (o: object) => t.app.inject(o) }).call({
    method: 'GET',
    url: `/v5/boards/${board}/collaborators`,
  })
const invite = (u: TestUser, board: string, usernames: unknown) =>
  u.call({ method: 'POST', url: `/v5/boards/${board}/collaborators`, payload: { usernames } })
const uninvite = (u: TestUser, board: string, username: string) =>
  u.call({ method: 'DELETE', url: `/v5/boards/${board}/collaborators/${username}` })
const boardPins = async (u: TestUser, board: string) => {
  const res = await u.call({ method: 'GET', url: `/v5/boards/${board}/pins` })
  return res.statusCode === 200
    ? (res.json().items as { id: string }[]).map((p) => p.id)
    : res.statusCode
}
const names = (res: { json(): { items: { username: string }[] } }) =>
  res
    .json()
    .items.map((u) => u.username)
    .sort()

for (const dialect of DIALECTS) {
  describe(`group boards: collaborators [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser, ben: TestUser, cy: TestUser, dee: TestUser, eve: TestUser

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[ana, ben, cy, dee, eve] = [
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
      ]
      await mutualAmong(t, [ana, ben, cy, dee])
    })
    afterAll(() => t.close())

    it('the owner invites; collaborators add, remove and move pins; others may not', async () => {
      const board = await makeBoard(t, ana, 'SECRET')
      const res = await invite(ana, board, [ben.username])
      expect(res.statusCode).toBe(200)
      expect(names(res)).toEqual([ben.username])
      const got = await ben.call({ method: 'GET', url: `/v5/boards/${board}` })
      expect(got.statusCode).toBe(200)
      expect(got.json()).toMatchObject({ collaborator_count: 1, privacy: 'SECRET' })

      // Ben adds a pin of his own and saves one onto Ana's board
      const bens = await createPin(t, ben, board)
      const anas = await createPin(t, ana, board)
      const other = await createPin(t, cy, await makeBoard(t, cy))
      const saved = await ben.call({
        method: 'POST',
        url: `/v5/pins/${other.id}/save`,
        payload: { board_id: board },
      })
      expect(saved.statusCode).toBe(201)
      // all of them see all of it, the secret board's pins included
      expect(await boardPins(ana, board)).toEqual([saved.json().id, anas.id, bens.id])
      expect(await boardPins(ben, board)).toEqual([saved.json().id, anas.id, bens.id])
      expect((await ana.call({ method: 'GET', url: `/v5/pins/${bens.id}` })).statusCode).toBe(200)
      expect((await ben.call({ method: 'GET', url: `/v5/pins/${anas.id}` })).statusCode).toBe(200)
      // and its pictures
      const image = new URL(anas.media.images['150x150']!.url).pathname
      expect((await ben.call({ method: 'GET', url: image })).statusCode).toBe(200)
      expect((await cy.call({ method: 'GET', url: image })).statusCode).toBe(404)
      // a collaborator moves a pin of theirs into a section of the board
      const section = await ana.call({
        method: 'POST',
        url: `/v5/boards/${board}/sections`,
        payload: { name: 'Maybe' },
      })
      const moved = await ben.call({
        method: 'PATCH',
        url: `/v5/pins/${bens.id}`,
        payload: { board_section_id: section.json().id },
      })
      expect(moved.statusCode).toBe(200)
      // …and moves Ana's too (organising the board), but may not edit it
      const organised = await ben.call({
        method: 'PATCH',
        url: `/v5/pins/${anas.id}`,
        payload: { board_section_id: section.json().id },
      })
      expect(organised.statusCode).toBe(200)
      expect(organised.json().board_section_id).toBe(section.json().id)
      const edit = await ben.call({
        method: 'PATCH',
        url: `/v5/pins/${anas.id}`,
        payload: { title: 'mine' },
      })
      expect(edit.statusCode).toBe(403)
      // a collaborator removes someone else's pin from the board
      expect((await ben.call({ method: 'DELETE', url: `/v5/pins/${anas.id}` })).statusCode).toBe(
        204,
      )

      // not a collaborator: cannot see the secret board, add to it, or remove from it
      expect((await cy.call({ method: 'GET', url: `/v5/boards/${board}` })).statusCode).toBe(404)
      expect(await boardPins(cy, board)).toBe(404)
      const refused = await cy.call({
        method: 'POST',
        url: `/v5/pins/${other.id}/save`,
        payload: { board_id: board },
      })
      expect(refused.statusCode).toBe(404)
      expect((await cy.call({ method: 'DELETE', url: `/v5/pins/${bens.id}` })).statusCode).toBe(404)

      // a collaborator may not rename, delete or invite
      const rename = await ben.call({
        method: 'PATCH',
        url: `/v5/boards/${board}`,
        payload: { name: 'mine now' },
      })
      expect(rename.statusCode).toBe(403)
      expect((await ben.call({ method: 'DELETE', url: `/v5/boards/${board}` })).statusCode).toBe(
        403,
      )
      const byBen = await invite(ben, board, [cy.username])
      expect(byBen.statusCode).toBe(403)
      expect(byBen.json().reason).toBe('not_owner')
    })

    it('on a public board a non-collaborator sees it but may not write (403 not_collaborator)', async () => {
      const board = await makeBoard(t, ana)
      const pin = await createPin(t, ana, board)
      const res = await cy.call({
        method: 'POST',
        url: `/v5/pins/${pin.id}/save`,
        payload: { board_id: board },
      })
      expect(res.statusCode).toBe(403)
      expect(res.json().reason).toBe('not_collaborator')
      const del = await cy.call({ method: 'DELETE', url: `/v5/pins/${pin.id}` })
      expect(del.statusCode).toBe(403)
      expect((await collaborators(null, t, board)).json()).toEqual({ items: [], bookmark: null })
    })

    it('invites follow the messaging rules; a collaborator leaves, the owner removes', async () => {
      const board = await makeBoard(t, ana)
      // Eve and Ana do not follow each other: Ana may not message her
      const r = await invite(ana, board, [eve.username])
      expect(r.statusCode).toBe(403)
      expect(r.json().reason).toBe('not_mutual')
      expect(r.json().message).toMatch(/Only people you may message can collaborate/)
      await block(t, dee, ana)
      // as a conversation with them would be refused
      expect((await invite(ana, board, [dee.username])).json().reason).toBe('blocked')
      expect((await invite(ana, board, ['nobody_at_all'])).statusCode).toBe(404)
      expect((await invite(ana, board, [ana.username])).statusCode).toBe(400)
      for (const bad of [[], ['BAD NAME'], ['a\u0000b'], Array(21).fill('x'), 'ben']) {
        expect((await invite(ana, board, bad)).statusCode, JSON.stringify(bad)).toBe(400)
      }
      expect(names(await invite(ana, board, [ben.username, cy.username, ben.username]))).toEqual(
        [ben.username, cy.username].sort(),
      )
      // again: nothing new
      expect(names(await invite(ana, board, [cy.username]))).toEqual(
        [ben.username, cy.username].sort(),
      )
      // Cy may not remove Ben, but may leave
      expect((await uninvite(cy, board, ben.username)).statusCode).toBe(403)
      expect((await uninvite(cy, board, cy.username)).statusCode).toBe(204)
      expect((await uninvite(ana, board, ben.username)).statusCode).toBe(204)
      expect((await uninvite(ana, board, ben.username)).statusCode).toBe(204)
      expect((await collaborators(ana, t, board)).json().items).toEqual([])
      expect((await ana.call({ method: 'GET', url: `/v5/boards/${board}` })).json()).toMatchObject({
        collaborator_count: 0,
      })
      const pin = await createPin(t, ana, board)
      const save = await ben.call({
        method: 'POST',
        url: `/v5/pins/${pin.id}/save`,
        payload: { board_id: board },
      })
      expect(save.statusCode).toBe(403)
      await follow(t, eve, ana)
    })

    it('leaving the conversation ends write access to its boards; joining it gives it', async () => {
      const fox = await signUp(t)
      await mutualAmong(t, [ana, ben, cy, fox])
      const group = await conversationOf(ana, ben, cy)
      const pin = await createPin(t, ana, await makeBoard(t, ana))
      await send(ana, group, { text: null, attachment: { type: 'pin', id: pin.id } })
      await ana.call({
        method: 'PUT',
        url: `/v5/conversations/${group}/pins/${pin.id}/vote`,
        payload: { value: 1 },
      })
      const made = await ben.call({
        method: 'POST',
        url: `/v5/conversations/${group}/shortlist/board`,
        payload: { name: `Group ${group}`, top: 5 },
      })
      expect(made.statusCode).toBe(201)
      const board = made.json().id as string
      expect(names(await collaborators(ben, t, board))).toEqual([ana.username, cy.username].sort())
      // Cy adds a pin, then leaves the conversation
      const cys = await createPin(t, cy, board)
      expect(
        (await cy.call({ method: 'DELETE', url: `/v5/conversations/${group}/participants/me` }))
          .statusCode,
      ).toBe(204)
      expect(names(await collaborators(ben, t, board))).toEqual([ana.username])
      // the secret board is gone for Cy, and so is writing to it; their pin stays
      expect((await cy.call({ method: 'GET', url: `/v5/boards/${board}` })).statusCode).toBe(404)
      const again = await cy.call({
        method: 'POST',
        url: `/v5/pins/${pin.id}/save`,
        payload: { board_id: board },
      })
      expect(again.statusCode).toBe(404)
      expect(await boardPins(ben, board)).toContain(cys.id)
      // Fox joins and may add
      const added = await ana.call({
        method: 'POST',
        url: `/v5/conversations/${group}/participants`,
        payload: { usernames: [fox.username] },
      })
      expect(added.statusCode).toBe(200)
      expect(names(await collaborators(ben, t, board))).toEqual([ana.username, fox.username].sort())
      const foxes = await createPin(t, fox, board)
      expect(await boardPins(ben, board)).toContain(foxes.id)
      // the owner leaving keeps the board; the others stay collaborators
      await ben.call({ method: 'DELETE', url: `/v5/conversations/${group}/participants/me` })
      expect(names(await collaborators(ben, t, board))).toEqual([ana.username, fox.username].sort())
    })
  })
}
