import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Conversation } from '../../protocol/messages'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import {
  allMessages,
  clientId,
  conversationOf,
  createConversation,
  messagingApp,
  mutual,
  mutualAmong,
  recordEvents,
  send,
  sent,
} from './messaging-fixtures'
import { block, createPin, follow, makeBoard } from './pin-fixtures'

for (const dialect of DIALECTS) {
  describe(`messaging: conversations [${dialect}]`, () => {
    let t: TestApp
    let a: TestUser, b: TestUser, c: TestUser, d: TestUser
    let crowd: TestUser[]

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[a, b, c, d] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)]
      await mutualAmong(t, [a, b, c, d])
      crowd = []
      for (let i = 0; i < 10; i++) crowd.push(await signUp(t))
      await mutual(t, a, ...crowd)
    })
    afterAll(() => t.close())

    const get = (u: TestUser, url: string) => u.call({ method: 'GET', url })
    const patch = (u: TestUser, id: string, payload: Record<string, unknown>) =>
      u.call({ method: 'PATCH', url: `/v5/conversations/${id}`, payload })
    const add = (u: TestUser, id: string, usernames: string[]) =>
      u.call({
        method: 'POST',
        url: `/v5/conversations/${id}/participants`,
        payload: { usernames },
      })
    const leave = (u: TestUser, id: string) =>
      u.call({ method: 'DELETE', url: `/v5/conversations/${id}/participants/me` })
    const read = (u: TestUser, id: string, seq: number) =>
      u.call({ method: 'POST', url: `/v5/conversations/${id}/read`, payload: { seq } })
    const names = (conv: Conversation) => conv.participants.map((p) => p.username).sort()

    it('a 1:1 is unique: asked again by either person, the same conversation', async () => {
      const first = await createConversation(a, [b.username])
      expect(first.statusCode).toBe(201)
      const conv = first.json() as Conversation
      expect(conv).toMatchObject({ is_group: false, title: null, unread_count: 0, muted: false })
      expect(names(conv)).toEqual([a.username, b.username].sort())
      const again = await createConversation(a, [b.username, a.username])
      expect(again.statusCode).toBe(200)
      expect(again.json().id).toBe(conv.id)
      const fromB = await createConversation(b, [a.username])
      expect(fromB.statusCode).toBe(200)
      expect(fromB.json().id).toBe(conv.id)
      expect((await createConversation(a, [a.username])).statusCode).toBe(400)
      expect((await createConversation(a, ['nobody_here_x'])).statusCode).toBe(404)
    })

    it('groups hold at most 10 people: the 11th is 409 group_full, on create and on add', async () => {
      const eleven = await createConversation(
        a,
        crowd.map((u) => u.username),
      )
      expect(eleven.statusCode).toBe(409)
      expect(eleven.json().reason).toBe('group_full')
      const ten = await createConversation(
        a,
        crowd.slice(0, 9).map((u) => u.username),
        'Ten',
      )
      expect(ten.statusCode).toBe(201)
      expect(ten.json()).toMatchObject({ is_group: true, title: 'Ten' })
      expect(ten.json().participants).toHaveLength(10)
      const more = await add(a, ten.json().id, [crowd[9]!.username])
      expect(more.statusCode).toBe(409)
      expect(more.json().reason).toBe('group_full')
    })

    it('rename (groups only, any member), mute (per person), with conversation.updated', async () => {
      const group = await conversationOf(a, b, c)
      const pair = await conversationOf(a, d)
      const { events, stop } = recordEvents(t)
      const renamed = await patch(b, group, { title: '  Camping trip ' })
      expect(renamed.statusCode).toBe(200)
      expect(renamed.json().title).toBe('Camping trip')
      expect((await get(c, `/v5/conversations/${group}`)).json().title).toBe('Camping trip')
      const notGroup = await patch(a, pair, { title: 'x' })
      expect(notGroup.statusCode).toBe(400)
      expect(notGroup.json().reason).toBe('not_a_group')

      expect((await patch(c, group, { muted: true })).json().muted).toBe(true)
      expect((await get(b, `/v5/conversations/${group}`)).json().muted).toBe(false)
      stop()
      expect(events).toEqual([
        {
          type: 'conversation.updated',
          conversation_id: Number(group),
          member_ids: expect.arrayContaining([a, b, c].map((u) => Number(u.id))),
        },
        {
          type: 'conversation.updated',
          conversation_id: Number(group),
          member_ids: [Number(c.id)],
        },
      ])
      // muted conversations stay out of the header badge, not out of their own count
      await sent(a, group, 'while muted')
      const inbox = (await get(c, '/v5/conversations')).json()
      expect(inbox.items.find((x: Conversation) => x.id === group).unread_count).toBe(1)
      const badge = (await get(c, '/v5/conversations/unread_count')).json()
      expect(badge.unread_count).toBe(0)
    })

    it('add: new members see the conversation from now on, not its history', async () => {
      const group = await conversationOf(a, b, c)
      await sent(a, group, 'old news')
      const added = await add(b, group, [d.username])
      expect(added.statusCode).toBe(200)
      expect(names(added.json())).toEqual([a, b, c, d].map((u) => u.username).sort())
      expect(await allMessages(d, group)).toEqual([])
      await sent(c, group, 'welcome')
      expect((await allMessages(d, group)).map((m) => m.text)).toEqual(['welcome'])
      expect((await add(a, await conversationOf(a, b), [c.username])).json().reason).toBe(
        'not_a_group',
      )
    })

    it('leave: the leaver stops receiving at once, and the others are told', async () => {
      const group = await conversationOf(a, b, c)
      await sent(a, group, 'before')
      const { events, stop } = recordEvents(t)
      expect((await leave(c, group)).statusCode).toBe(204)
      await sent(a, group, 'after')
      stop()
      const [updated, created] = events
      expect(updated).toMatchObject({
        type: 'conversation.updated',
        conversation_id: Number(group),
      })
      if (updated?.type === 'conversation.updated') {
        expect(updated.member_ids).toContain(Number(c.id))
      }
      if (created?.type === 'message.created') {
        expect(created.member_ids.sort()).toEqual([Number(a.id), Number(b.id)].sort())
      }
      expect((await get(c, `/v5/conversations/${group}`)).statusCode).toBe(404)
      expect((await get(c, `/v5/conversations/${group}/messages`)).statusCode).toBe(404)
      expect((await send(c, group)).statusCode).toBe(404)
      expect((await leave(c, group)).statusCode).toBe(404)
      const inbox = (await get(c, '/v5/conversations')).json()
      expect(inbox.items.some((x: Conversation) => x.id === group)).toBe(false)
      expect(names((await get(a, `/v5/conversations/${group}`)).json())).toEqual(
        [a.username, b.username].sort(),
      )
      // the gateway's view: a leaver reads nothing past the moment they left
      const rows = await t.ctx.services.messaging.stream.messagesAfter(
        Number(c.id),
        Number(group),
        0,
      )
      expect(rows.map((r) => r.text)).toEqual(['before'])
    })

    it('a 1:1 left comes back with the next message, from that message on', async () => {
      const [x, y] = [await signUp(t), await signUp(t)]
      await mutual(t, x, y)
      const pair = await conversationOf(x, y)
      await sent(x, pair, 'first')
      expect((await leave(y, pair)).statusCode).toBe(204)
      expect((await get(y, `/v5/conversations/${pair}`)).statusCode).toBe(404)
      await sent(x, pair, 'second')
      expect((await allMessages(y, pair)).map((m) => m.text)).toEqual(['second'])
      // and asking for the 1:1 again answers the same one
      expect((await createConversation(y, [x.username])).json().id).toBe(pair)
    })

    it('unread counts and read markers: per conversation, in total, never backwards', async () => {
      const [x, y, z] = [await signUp(t), await signUp(t), await signUp(t)]
      await mutual(t, x, y, z)
      await mutual(t, y, z)
      const pair = await conversationOf(x, y)
      const group = await conversationOf(y, x, z)
      for (let i = 0; i < 3; i++) await sent(y, pair, `p${i}`)
      await sent(z, group, 'g0')
      await sent(x, group, 'mine')
      const inbox = (await get(x, '/v5/conversations')).json()
      expect(inbox.items.map((i: Conversation) => i.id)).toEqual([group, pair])
      expect(inbox.items.map((i: Conversation) => i.unread_count)).toEqual([1, 3])
      expect(inbox.items[0].last_message.text).toBe('mine')
      expect((await get(x, '/v5/conversations/unread_count')).json()).toEqual({
        unread_count: 4,
        conversations_with_unread: 2,
      })
      const { events, stop } = recordEvents(t)
      expect((await read(x, pair, 2)).json()).toEqual({ conversation_id: pair, last_read_seq: 2 })
      expect((await read(x, pair, 1)).json().last_read_seq).toBe(2)
      expect((await read(x, pair, 99)).json().last_read_seq).toBe(3)
      stop()
      expect(events.map((e) => (e.type === 'conversation.read' ? e.seq : e.type))).toEqual([2, 3])
      expect(events[0]).toMatchObject({
        type: 'conversation.read',
        user_id: Number(x.id),
        username: x.username,
        member_ids: expect.arrayContaining([Number(x.id), Number(y.id)]),
      })
      expect((await get(x, '/v5/conversations/unread_count')).json().unread_count).toBe(1)
    })

    it('read_seqs: read markers of the other current members, on every fetch', async () => {
      const [x, y, z] = [await signUp(t), await signUp(t), await signUp(t)]
      await mutual(t, x, y, z)
      await mutual(t, y, z)
      const pair = await conversationOf(x, y)
      for (let i = 0; i < 3; i++) await sent(x, pair, `r${i}`)
      const before = (await get(x, `/v5/conversations/${pair}`)).json() as Conversation
      expect(before.read_seqs).toEqual({ [y.username]: 0 })
      expect((await read(y, pair, 2)).statusCode).toBe(200)
      const asX = (await get(x, `/v5/conversations/${pair}`)).json() as Conversation
      expect(asX.read_seqs).toEqual({ [y.username]: 2 })
      expect(asX.read_seqs).not.toHaveProperty(x.username)
      const asY = (await get(y, `/v5/conversations/${pair}`)).json() as Conversation
      expect(Object.keys(asY.read_seqs)).toEqual([x.username])
      const inbox = (await get(x, '/v5/conversations')).json()
      expect(inbox.items.find((i: Conversation) => i.id === pair).read_seqs).toEqual({
        [y.username]: 2,
      })

      const group = await conversationOf(x, y, z)
      await sent(x, group, 'g')
      await read(z, group, 1)
      expect((await get(x, `/v5/conversations/${group}`)).json().read_seqs).toEqual({
        [y.username]: 0,
        [z.username]: 1,
      })
      expect((await leave(z, group)).statusCode).toBeLessThan(300)
      expect((await get(x, `/v5/conversations/${group}`)).json().read_seqs).toEqual({
        [y.username]: 0,
      })
    })

    it('every conversation endpoint answers 404 to someone outside it', async () => {
      const outsider = await signUp(t)
      await mutual(t, outsider, a)
      const group = await conversationOf(a, b, c)
      const m = await sent(a, group, 'private')
      const calls = [
        { method: 'GET', url: `/v5/conversations/${group}` },
        { method: 'PATCH', url: `/v5/conversations/${group}`, payload: { title: 'x' } },
        { method: 'GET', url: `/v5/conversations/${group}/messages` },
        {
          method: 'POST',
          url: `/v5/conversations/${group}/messages`,
          payload: { client_message_id: clientId(), text: 'hi' },
        },
        { method: 'POST', url: `/v5/conversations/${group}/read`, payload: { seq: 1 } },
        { method: 'GET', url: `/v5/conversations/${group}/pins` },
        {
          method: 'POST',
          url: `/v5/conversations/${group}/participants`,
          payload: { usernames: [a.username] },
        },
        { method: 'DELETE', url: `/v5/conversations/${group}/participants/me` },
        { method: 'POST', url: `/v5/messages/${m.id}/report`, payload: { reason: 'spam' } },
        { method: 'GET', url: '/v5/conversations/987654321' },
      ] as const
      for (const call of calls) {
        const res = await outsider.call(call)
        expect(res.statusCode, `${call.method} ${call.url}`).toBe(404)
      }
      expect(await allMessages(a, group)).toHaveLength(1)
    })

    it('report: members only, once per reporter', async () => {
      const group = await conversationOf(a, b, c)
      const m = await sent(a, group, 'spam spam')
      const url = `/v5/messages/${m.id}/report`
      const first = await b.call({ method: 'POST', url, payload: { reason: 'spam' } })
      expect(first.statusCode).toBe(201)
      const again = await b.call({ method: 'POST', url, payload: { reason: 'spam' } })
      expect(again.statusCode).toBe(409)
      expect(again.json().reason).toBe('already_reported')
      expect((await c.call({ method: 'POST', url, payload: { reason: 'rude' } })).statusCode).toBe(
        201,
      )
    })

    it('typeahead: people the viewer may message, by username or business name prefix', async () => {
      const me = await signUp(t, `ta_me_${Date.now() % 100000}`)
      const friend = await signUp(t, `ta_friend_${Date.now() % 100000}`)
      const fan = await signUp(t, `ta_fan_${Date.now() % 100000}`)
      const closed = await signUp(t, `ta_closed_${Date.now() % 100000}`)
      const blocker = await signUp(t, `ta_blocker_${Date.now() % 100000}`)
      const brand = await signUp(t, `zz_brand_${Date.now() % 100000}`, {
        account_type: 'BUSINESS',
        business_name: 'Tarp Co',
      })
      await mutual(t, me, friend, closed, blocker, brand)
      await follow(t, fan, me) // fan follows me; I do not follow back → not mutual
      await t.ctx.db
        .updateTable('users')
        .set({ message_policy: 'nobody' })
        .where('id', '=', Number(closed.id))
        .execute()
      await block(t, blocker, me)
      const res = await get(me, '/v5/search/typeahead?query=ta')
      expect(res.statusCode).toBe(200)
      const found = res.json().items.map((u: { username: string }) => u.username)
      expect(found.sort()).toEqual([friend.username, brand.username].sort())
      expect(res.json().items[0]).toMatchObject({ type: 'user', is_following: true })
      // LIKE wildcards in the query are matched literally
      expect((await get(me, '/v5/search/typeahead?query=%25')).json().items).toEqual([])
    })
  })

  describe(`messaging: share, conversation pins, card actions [${dialect}]`, () => {
    let t: TestApp
    let a: TestUser, b: TestUser, c: TestUser, d: TestUser, stranger: TestUser
    let pinId: string

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[a, b, c, d, stranger] = [
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
      ]
      await mutualAmong(t, [a, b, c, d])
      pinId = (await createPin(t, a, await makeBoard(t, a), { link: 'https://example.com/x' })).id
    })
    afterAll(() => t.close())

    const share = (u: TestUser, payload: Record<string, unknown>) =>
      u.call({ method: 'POST', url: '/v5/share', payload })
    const pinAttachment = () => ({ type: 'pin', id: pinId })

    it('one recipient: into the 1:1, created if needed; a retried share sends nothing twice', async () => {
      const cid = clientId()
      const body = {
        recipients: [{ username: b.username }],
        attachment: pinAttachment(),
        text: 'this tent?',
        client_message_id: cid,
      }
      const first = await share(a, body)
      expect(first.statusCode).toBe(201)
      expect(first.json()).toMatchObject({ invites: [], refused: [] })
      const [conv] = first.json().conversations as Conversation[]
      expect(conv!.last_message).toMatchObject({
        text: 'this tent?',
        attachment: { type: 'pin', pin: { id: pinId } },
      })
      const again = await share(a, body)
      expect(again.statusCode).toBe(200)
      expect(again.json().conversations[0].id).toBe(conv!.id)
      expect(await allMessages(a, conv!.id)).toHaveLength(1)
      expect((await createConversation(a, [b.username])).json().id).toBe(conv!.id)
    })

    it('several as a group: one group; separately: one 1:1 each, refused people listed', async () => {
      const group = await share(a, {
        recipients: [{ username: b.username }, { username: c.username }],
        attachment: pinAttachment(),
        as_group: true,
        client_message_id: clientId(),
      })
      expect(group.statusCode).toBe(201)
      expect(group.json().conversations).toHaveLength(1)
      expect(group.json().conversations[0].participants).toHaveLength(3)

      const separately = await share(a, {
        recipients: [
          { username: c.username },
          { username: d.username },
          { username: stranger.username },
        ],
        attachment: pinAttachment(),
        client_message_id: clientId(),
      })
      expect(separately.statusCode).toBe(201)
      const body = separately.json()
      expect(body.conversations).toHaveLength(2)
      expect(body.conversations.every((x: Conversation) => !x.is_group)).toBe(true)
      expect(body.refused).toEqual([{ username: stranger.username, reason: 'not_mutual' }])

      const asGroupRefused = await share(a, {
        recipients: [{ username: c.username }, { username: stranger.username }],
        attachment: pinAttachment(),
        as_group: true,
        client_message_id: clientId(),
      })
      expect(asGroupRefused.statusCode).toBe(403)
      expect(asGroupRefused.json().reason).toBe('not_mutual')
    })

    it('a malformed email recipient is 400 (invites: invites.test.ts); an invisible attachment is 404; at most 9 people', async () => {
      const email = await share(a, {
        recipients: [{ email: 'x@example' }],
        attachment: pinAttachment(),
        client_message_id: clientId(),
      })
      expect(email.statusCode).toBe(400)
      expect(email.json().reason).toBe('invalid_email')
      const secret = await createPin(t, d, await makeBoard(t, d, 'SECRET'))
      const hidden = await share(a, {
        recipients: [{ username: b.username }],
        attachment: { type: 'pin', id: secret.id },
        client_message_id: clientId(),
      })
      expect(hidden.statusCode).toBe(404)
      const many = await share(a, {
        recipients: Array.from({ length: 10 }, (_, i) => ({ username: `someone_${i}` })),
        attachment: pinAttachment(),
        client_message_id: clientId(),
      })
      expect(many.statusCode).toBe(400)
    })

    it('pins in a conversation: each visible pin once, latest share first', async () => {
      const conv = await conversationOf(b, c)
      const other = (await createPin(t, b, await makeBoard(t, b))).id
      const secret = (await createPin(t, b, await makeBoard(t, b, 'SECRET'))).id
      await send(b, conv, { attachment: { type: 'pin', id: pinId } })
      await send(b, conv, { attachment: { type: 'pin', id: other } })
      await send(b, conv, { attachment: { type: 'pin', id: secret } })
      await send(b, conv, { attachment: { type: 'pin', id: pinId } })
      const seenByC = await c.call({
        method: 'GET',
        url: `/v5/conversations/${conv}/pins?page_size=1`,
      })
      expect(seenByC.statusCode).toBe(200)
      expect(seenByC.json().items.map((p: { id: string }) => p.id)).toEqual([pinId])
      const next = await c.call({
        method: 'GET',
        url: `/v5/conversations/${conv}/pins?page_size=5&bookmark=${seenByC.json().bookmark}`,
      })
      expect(next.json().items.map((p: { id: string }) => p.id)).toEqual([other])
      const seenByB = await b.call({ method: 'GET', url: `/v5/conversations/${conv}/pins` })
      expect(seenByB.json().items.map((p: { id: string }) => p.id)).toEqual([pinId, secret, other])
    })

    it('saves, likes, source clicks and sends from a card are recorded with the message', async () => {
      const conv = await conversationOf(a, b)
      const m = (await send(a, conv, { attachment: pinAttachment() })).json()
      const board = await makeBoard(t, b)
      const { events, stop } = recordEvents(t)
      const save = await b.call({
        method: 'POST',
        url: `/v5/pins/${pinId}/save`,
        payload: { board_id: board, message_id: m.id },
      })
      expect(save.statusCode).toBe(201)
      expect(
        (await b.call({ method: 'POST', url: `/v5/pins/${pinId}/like?message_id=${m.id}` }))
          .statusCode,
      ).toBe(200)
      const source = await b.call({
        method: 'GET',
        url: `/v5/pins/${pinId}/source?via=message:${m.id}`,
      })
      expect(source.statusCode).toBe(302)
      const sendOn = await share(b, {
        recipients: [{ username: c.username }],
        attachment: pinAttachment(),
        client_message_id: clientId(),
        from_message_id: m.id,
      })
      expect(sendOn.statusCode).toBe(201)
      stop()
      const actions = await t.ctx.db
        .selectFrom('message_actions')
        .select(['action', 'user_id', 'pin_id'])
        .where('message_id', '=', Number(m.id))
        .orderBy('id')
        .execute()
      expect(actions.map((x) => x.action)).toEqual(['save', 'like', 'click', 'send'])
      expect(actions.every((x) => String(x.user_id) === b.id && String(x.pin_id) === pinId)).toBe(
        true,
      )
      expect(events.filter((e) => e.type === 'pin.updated')).toEqual([
        {
          type: 'pin.updated',
          pin_id: Number(pinId),
          save_count: 1,
          like_count: 0,
          visible_to: null,
        },
        {
          type: 'pin.updated',
          pin_id: Number(pinId),
          save_count: 1,
          like_count: 1,
          visible_to: null,
        },
      ])
      // a message that does not carry the pin, or that the caller cannot see: 404, nothing saved
      const wrong = (await send(a, conv, { text: 'no card' })).json()
      const refused = await b.call({
        method: 'POST',
        url: `/v5/pins/${pinId}/save`,
        payload: { board_id: board, message_id: wrong.id },
      })
      expect(refused.statusCode).toBe(404)
      const outsider = await d.call({
        method: 'POST',
        url: `/v5/pins/${pinId}/like?message_id=${m.id}`,
      })
      expect(outsider.statusCode).toBe(404)
    })
  })
}
