import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerEvent } from '../../protocol/messages'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { conversationOf, messagingApp, mutualAmong, send } from './messaging-fixtures'
import { createPin, makeBoard } from './pin-fixtures'

const vote = (u: TestUser, conv: string, pin: string, value: unknown) =>
  u.call({
    method: 'PUT',
    url: `/v5/conversations/${conv}/pins/${pin}/vote`,
    payload: { value },
  })

const shortlist = (u: TestUser, conv: string) =>
  u.call({ method: 'GET', url: `/v5/conversations/${conv}/shortlist` })

const ranked = async (u: TestUser, conv: string) => {
  const res = await shortlist(u, conv)
  expect(res.statusCode).toBe(200)
  return (res.json().items as { pin: { id: string }; votes: number; voters: string[] }[]).map(
    (i) => [i.pin.id, i.votes, i.voters] as const,
  )
}

/** A pin of `u`'s, shared by them into the conversation. */
async function sharedPin(t: TestApp, u: TestUser, conv: string, board?: string) {
  const pin = await createPin(t, u, board ?? (await makeBoard(t, u)))
  const res = await send(u, conv, { text: null, attachment: { type: 'pin', id: pin.id } })
  expect(res.statusCode).toBe(201)
  return pin.id
}

for (const dialect of DIALECTS) {
  describe(`decide together: votes, shortlist, make it a board [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser, ben: TestUser, cy: TestUser, dee: TestUser, out: TestUser
    let group: string
    let p1: string, p2: string, p3: string
    let wsUrl: string

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[ana, ben, cy, dee, out] = [
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
      ]
      await mutualAmong(t, [ana, ben, cy, dee, out])
      group = await conversationOf(ana, ben, cy)
      p1 = await sharedPin(t, ana, group)
      p2 = await sharedPin(t, ben, group)
      p3 = await sharedPin(t, cy, group)
      wsUrl = await listenForStream(t)
    })
    afterAll(() => t.close())

    it('votes rank the shortlist (most votes, ties to the newest vote), with voters in order', async () => {
      expect(await ranked(ana, group)).toEqual([])
      expect((await vote(ana, group, p1, 1)).json()).toEqual({
        conversation_id: group,
        pin_id: p1,
        votes: 1,
        voters: [ana.username],
        voted: true,
      })
      await vote(ben, group, p1, 1)
      await vote(ben, group, p2, 1)
      await vote(cy, group, p3, 1)
      // p2 and p3 tie on one vote: p3's is the newer
      expect(await ranked(cy, group)).toEqual([
        [p1, 2, [ana.username, ben.username]],
        [p3, 1, [cy.username]],
        [p2, 1, [ben.username]],
      ])
    })

    it('voting again changes nothing; value 0 takes it back (twice is fine)', async () => {
      const again = await vote(ana, group, p1, 1)
      expect(again.statusCode).toBe(200)
      expect(again.json().votes).toBe(2)
      const rows = await t.ctx.db
        .selectFrom('pin_votes')
        .select('user_id')
        .where('pin_id', '=', Number(p1))
        .execute()
      expect(rows).toHaveLength(2)
      expect((await vote(cy, group, p2, 1)).json().votes).toBe(2)
      expect((await vote(cy, group, p2, 0)).json()).toMatchObject({ votes: 1, voted: false })
      expect((await vote(cy, group, p2, 0)).json()).toMatchObject({ votes: 1, voted: false })
    })

    it('a vote is told live to the members, not to anyone else', async () => {
      const [benSocket, outSocket] = await Promise.all([
        StreamClient.ready(wsUrl, ben.token),
        StreamClient.ready(wsUrl, out.token),
      ])
      await vote(cy, group, p2, 1)
      const hint = (e: ServerEvent[]) =>
        e.find((x) => x.type === 'shortlist.updated' && x.pin_id === p2)
      await benSocket.until((e) => hint(e) !== undefined)
      expect(hint(benSocket.events)).toEqual({
        type: 'shortlist.updated',
        conversation_id: group,
        pin_id: p2,
        votes: 2,
        voters: [ben.username, cy.username],
      })
      // a vote that changes nothing tells nobody
      const before = benSocket.events.length
      await vote(cy, group, p2, 1)
      await new Promise((r) => setTimeout(r, 150))
      expect(benSocket.events.slice(before).filter((e) => e.type === 'shortlist.updated')).toEqual(
        [],
      )
      expect(outSocket.events.some((e) => e.type === 'shortlist.updated')).toBe(false)
      benSocket.close()
      outSocket.close()
      await vote(cy, group, p2, 0)
    })

    it('refuses: a 1:1 (409 not_a_group), a non-member (404), a pin not shared here, a secret pin, bad values', async () => {
      const pair = await conversationOf(ana, ben)
      const inPair = await sharedPin(t, ana, pair)
      const r1 = await vote(ana, pair, inPair, 1)
      expect(r1.statusCode).toBe(409)
      expect(r1.json().reason).toBe('not_a_group')
      expect((await shortlist(ana, pair)).json().reason).toBe('not_a_group')

      expect((await vote(out, group, p1, 1)).statusCode).toBe(404)
      expect((await shortlist(out, group)).statusCode).toBe(404)

      const notShared = await createPin(t, ana, await makeBoard(t, ana))
      const r2 = await vote(ana, group, notShared.id, 1)
      expect(r2.statusCode).toBe(400)
      expect(r2.json().reason).toBe('not_shared_here')

      // shared into the group, but on Ana's secret board: the others may not see it
      const secret = await sharedPin(t, ana, group, await makeBoard(t, ana, 'SECRET'))
      expect((await vote(ben, group, secret, 1)).statusCode).toBe(404)

      for (const value of [2, -1, '1', null, true]) {
        expect((await vote(ana, group, p1, value)).statusCode).toBe(400)
      }
      expect((await vote(ana, group, '0', 1)).statusCode).toBe(400)
      expect((await vote(ana, group, '99999999', 1)).statusCode).toBe(404)
      const nul = await ana.call({
        method: 'PUT',
        url: `/v5/conversations/${group}/pins/${p1}/vote`,
        payload: '{"value":"\\u0000"}',
        headers: { 'content-type': 'application/json' },
      })
      expect(nul.statusCode).toBe(400)
    })

    it('a member who left: their votes stop counting, and they may not vote', async () => {
      const conv = await conversationOf(ana, ben, dee)
      const pin = await sharedPin(t, ana, conv)
      await vote(dee, conv, pin, 1)
      await vote(ana, conv, pin, 1)
      expect(await ranked(ana, conv)).toEqual([[pin, 2, [dee.username, ana.username]]])
      const left = await dee.call({
        method: 'DELETE',
        url: `/v5/conversations/${conv}/participants/me`,
      })
      expect(left.statusCode).toBe(204)
      expect(await ranked(ana, conv)).toEqual([[pin, 1, [ana.username]]])
      expect((await vote(dee, conv, pin, 1)).statusCode).toBe(404)
    })

    it('"Make it a board": the top pins on a secret board of the caller, the others collaborators, announced', async () => {
      const res = await ana.call({
        method: 'POST',
        url: `/v5/conversations/${group}/shortlist/board`,
        payload: { name: 'Trip picks', top: 2 },
      })
      expect(res.statusCode).toBe(201)
      const board = res.json()
      expect(board).toMatchObject({
        name: 'Trip picks',
        privacy: 'SECRET',
        owner: { username: ana.username },
        pin_count: 2,
        collaborator_count: 2,
      })
      const pins = await ana.call({ method: 'GET', url: `/v5/boards/${board.id}/pins` })
      // saves of the top two, the top one listed first
      expect(
        (pins.json().items as { parent_pin_id: string }[]).map((p) => p.parent_pin_id),
      ).toEqual([p1, p3])
      const collaborators = await ben.call({
        method: 'GET',
        url: `/v5/boards/${board.id}/collaborators`,
      })
      expect(collaborators.statusCode).toBe(200)
      expect(
        (collaborators.json().items as { username: string }[]).map((u) => u.username).sort(),
      ).toEqual([ben.username, cy.username].sort())
      // the secret board shows to its collaborators, and in the conversation as a card
      expect((await cy.call({ method: 'GET', url: `/v5/boards/${board.id}` })).statusCode).toBe(200)
      expect((await out.call({ method: 'GET', url: `/v5/boards/${board.id}` })).statusCode).toBe(
        404,
      )
      const messages = await cy.call({ method: 'GET', url: `/v5/conversations/${group}/messages` })
      const newest = messages.json().items[0]
      expect(newest).toMatchObject({
        sender: { username: ana.username },
        attachment: { type: 'board', board: { id: board.id, name: 'Trip picks' } },
      })
      const mine = await ben.call({ method: 'GET', url: '/v5/user_account/collaborating/boards' })
      expect((mine.json().items as { id: string }[]).map((b) => b.id)).toContain(board.id)
    })

    it('"Make it a board" refuses: empty shortlist (409), a 1:1, a non-member, a taken name, bad input', async () => {
      const conv = await conversationOf(ana, ben, dee)
      const make = (u: TestUser, c: string, payload: object) =>
        u.call({ method: 'POST', url: `/v5/conversations/${c}/shortlist/board`, payload })
      const empty = await make(ana, conv, { name: 'Nothing', top: 3 })
      expect(empty.statusCode).toBe(409)
      expect(empty.json().reason).toBe('nothing_to_shortlist')
      const pair = await conversationOf(ana, dee)
      expect((await make(ana, pair, { name: 'Pair', top: 3 })).json().reason).toBe('not_a_group')
      expect((await make(out, group, { name: 'Not mine', top: 3 })).statusCode).toBe(404)
      const taken = await make(ana, group, { name: 'trip PICKS', top: 1 })
      expect(taken.statusCode).toBe(409)
      expect(taken.json().reason).toBe('board_name_taken')
      for (const payload of [
        { name: 'x', top: 0 },
        { name: 'x', top: 51 },
        { name: '', top: 1 },
        { name: 'x\u0000y', top: 1 },
        { name: 'x'.repeat(181), top: 1 },
        { top: 1 },
      ]) {
        const r = await make(ana, group, payload)
        expect(r.statusCode, JSON.stringify(payload)).toBe(400)
      }
      // nothing half-made
      const boards = await t.ctx.db
        .selectFrom('boards')
        .select('id')
        .where('conversation_id', '=', Number(conv))
        .execute()
      expect(boards).toEqual([])
    })
  })
}
