import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message } from '../../protocol/messages'
import type { BusEvent } from '../../server/domain/events'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import {
  allMessages,
  clientId,
  conversationOf,
  messagingApp,
  mutual,
  mutualAmong,
  recordEvents,
  send,
  sent,
} from './messaging-fixtures'
import { block, createPin, makeBoard } from './pin-fixtures'

for (const dialect of DIALECTS) {
  describe(`messaging: sending [${dialect}]`, () => {
    let t: TestApp
    let a: TestUser, b: TestUser, c: TestUser, d: TestUser, e: TestUser

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[a, b, c, d, e] = [
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
      ]
      await mutualAmong(t, [a, b, c, d, e])
    })
    afterAll(() => t.close())

    it('the same client_message_id twice: 201, then 200 with the original', async () => {
      const conv = await conversationOf(a, b)
      const cid = clientId()
      const first = await send(a, conv, { client_message_id: cid, text: 'one' })
      const again = await send(a, conv, { client_message_id: cid, text: 'changed my mind' })
      expect(first.statusCode).toBe(201)
      expect(again.statusCode).toBe(200)
      expect(again.json()).toEqual(first.json())
      expect(first.json()).toMatchObject({
        conversation_id: conv,
        sender: { username: a.username },
        client_message_id: cid,
        text: 'one',
        attachment: null,
      })
    })

    it('ten identical sends at once make one message, and all get it', async () => {
      const conv = await conversationOf(a, c)
      const cid = clientId()
      const results = await Promise.all(
        Array.from({ length: 10 }, () => send(a, conv, { client_message_id: cid })),
      )
      expect(results.map((r) => r.statusCode).sort()).toEqual([...Array(9).fill(200), 201])
      expect(new Set(results.map((r) => r.json().id)).size).toBe(1)
      const rows = await t.ctx.db
        .selectFrom('messages')
        .select(['seq'])
        .where('client_message_id', '=', cid)
        .execute()
      expect(rows).toHaveLength(1)
      const conversation = await t.ctx.db
        .selectFrom('conversations')
        .select('last_seq')
        .where('id', '=', Number(conv))
        .executeTakeFirstOrThrow()
      // the losers' seqs were rolled back with their transactions: no gap
      expect(Number(conversation.last_seq)).toBe(Number(rows[0]!.seq))
    })

    it('seq is gapless under 50 concurrent sends from five members', async () => {
      const conv = await conversationOf(a, b, c, d, e)
      const senders = [a, b, c, d, e]
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => send(senders[i % 5]!, conv, { text: `m${i}` })),
      )
      expect(results.every((r) => r.statusCode === 201)).toBe(true)
      const seqs = results.map((r) => r.json().seq as number).sort((x, y) => x - y)
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
      const listed = await allMessages(a, conv, 7)
      expect(listed.map((m) => m.seq)).toEqual(seqs.slice().reverse())
    })

    it('walks history newest first, page by page, without duplicates or gaps', async () => {
      const conv = await conversationOf(b, c)
      for (let i = 0; i < 23; i++) await sent(i % 2 ? b : c, conv, `n${i}`)
      const walked = await allMessages(b, conv, 5)
      expect(walked.map((m) => m.seq)).toEqual(Array.from({ length: 23 }, (_, i) => 23 - i))
      expect(walked.at(-1)!.text).toBe('n0')
    })

    it('checks text and attachments, and a refused send publishes nothing', async () => {
      const conv = await conversationOf(a, d)
      const { events, stop } = recordEvents(t)
      const cases: [Record<string, unknown>, number][] = [
        [{ text: '   ' }, 400],
        [{ text: 'x'.repeat(2001) }, 400],
        [{ text: null }, 400],
        [{ client_message_id: 'x'.repeat(65) }, 400],
        [{ attachment: { type: 'pin', id: '999999' } }, 404],
        [{ attachment: { type: 'board', id: '999999' } }, 404],
      ]
      for (const [body, status] of cases) {
        expect((await send(a, conv, body)).statusCode, JSON.stringify(body).slice(0, 60)).toBe(
          status,
        )
      }
      // someone else's secret pin and board are not the sender's to send
      const secretBoard = await makeBoard(t, e, 'SECRET')
      const secretPin = await createPin(t, e, secretBoard)
      expect(
        (await send(a, conv, { attachment: { type: 'pin', id: secretPin.id } })).statusCode,
      ).toBe(404)
      expect(
        (await send(a, conv, { attachment: { type: 'board', id: secretBoard } })).statusCode,
      ).toBe(404)
      // a non-member
      expect((await send(e, conv)).statusCode).toBe(404)
      stop()
      expect(events).toEqual([])
      expect((await send(a, conv, { text: ' trimmed ' })).json().text).toBe('trimmed')
    })

    it('renders attachments for each reader: null where the reader may not see them', async () => {
      const conv = await conversationOf(a, b)
      const board = await makeBoard(t, a, 'SECRET')
      const pin = await createPin(t, a, board)
      const pinMsg = await send(a, conv, { text: null, attachment: { type: 'pin', id: pin.id } })
      expect(pinMsg.statusCode).toBe(201)
      expect(pinMsg.json().attachment).toMatchObject({ type: 'pin', pin: { id: pin.id } })
      await send(a, conv, { attachment: { type: 'board', id: board } })
      await send(a, conv, { attachment: { type: 'user', id: c.id } })
      const seenByB = await allMessages(b, conv)
      const [userCard, boardCard, pinCard] = seenByB
      expect(pinCard!.attachment).toEqual({ type: 'pin', pin: null })
      expect(boardCard!.attachment).toEqual({ type: 'board', board: null })
      expect(userCard!.attachment).toMatchObject({ type: 'user', user: { username: c.username } })
      const seenByA = await allMessages(a, conv)
      expect(seenByA[2]!.attachment).toMatchObject({ type: 'pin', pin: { id: pin.id } })
      expect(seenByA[1]!.attachment).toMatchObject({ type: 'board', board: { id: board } })
    })

    it('publishes message.created only after commit, with members and who hides it', async () => {
      const conv = await conversationOf(a, b, c)
      await block(t, c, b)
      const seen: { event: BusEvent; committed: boolean }[] = []
      const stop = t.ctx.bus.subscribe((event) => {
        if (event.type !== 'message.created') return
        // Checked from inside the subscriber: the row must already be visible to others.
        void t.ctx.db
          .selectFrom('messages')
          .select('id')
          .where('id', '=', event.message_id)
          .executeTakeFirst()
          .then((row) => seen.push({ event, committed: row !== undefined }))
      })
      const m = (await send(b, conv)).json() as Message
      await new Promise((r) => setTimeout(r, 50))
      stop()
      expect(seen).toHaveLength(1)
      expect(seen[0]!.committed).toBe(true)
      const event = seen[0]!.event
      expect(event).toMatchObject({
        type: 'message.created',
        conversation_id: Number(conv),
        seq: m.seq,
        message_id: Number(m.id),
        sender_id: Number(b.id),
        hidden_from: [Number(c.id)],
      })
      if (event.type === 'message.created') {
        expect(event.member_ids.sort()).toEqual([a, b, c].map((u) => Number(u.id)).sort())
      }
    })

    it('in a group, a member who blocks another no longer sees their messages', async () => {
      const conv = await conversationOf(d, a, e)
      await sent(a, conv, 'before')
      await sent(e, conv, 'from e')
      await block(t, d, a)
      await sent(a, conv, 'after')
      const byD = await allMessages(d, conv)
      expect(byD.map((m) => m.text)).toEqual(['from e'])
      const byE = await allMessages(e, conv)
      expect(byE.map((m) => m.text)).toEqual(['after', 'from e', 'before'])
      const inbox = (await d.call({ method: 'GET', url: '/v5/conversations' })).json()
      const item = inbox.items.find((x: { id: string }) => x.id === conv)
      expect(item.last_message.text).toBe('from e')
      expect(item.unread_count).toBe(1)
    })

    it('messagesAfter and renderMessages serve the gateway, filtered the same way', async () => {
      const conv = await conversationOf(d, e)
      for (let i = 0; i < 5; i++) await sent(d, conv, `g${i}`)
      const messaging = t.ctx.services.messaging.stream
      const rows = await messaging.messagesAfter(Number(e.id), Number(conv), 2, 10)
      expect(rows.map((r) => r.seq)).toEqual([3, 4, 5])
      const rendered = await messaging.renderMessages(Number(e.id), rows)
      expect(rendered.map((m) => m.text)).toEqual(['g2', 'g3', 'g4'])
      expect(await messaging.messagesAfter(Number(a.id), Number(conv), 0, 10)).toEqual([])
    })

    it('the same client_message_id across a restart still answers the original', async () => {
      const local = await messagingApp(dialect)
      const [x, y] = [await signUp(local), await signUp(local)]
      await mutual(local, x, y)
      const conv = await conversationOf(x, y)
      const cid = clientId()
      const first = await send(x, conv, { client_message_id: cid })
      expect(first.statusCode).toBe(201)
      const restarted = await local.reopen()
      try {
        const again = await callAs(restarted, x, {
          method: 'POST',
          url: `/v5/conversations/${conv}/messages`,
          payload: { client_message_id: cid, text: 'retry' },
        })
        expect(again.statusCode).toBe(200)
        expect(again.json()).toEqual(first.json())
      } finally {
        await local.close()
        await restarted.close()
      }
    })

    it('a client_message_id used in another conversation is a conflict', async () => {
      const one = await conversationOf(b, d)
      const two = await conversationOf(b, e)
      const cid = clientId()
      expect((await send(b, one, { client_message_id: cid })).statusCode).toBe(201)
      const res = await send(b, two, { client_message_id: cid })
      expect(res.statusCode).toBe(409)
      expect(res.json().reason).toBe('client_message_id_reused')
    })
  })

  describe(`messaging: rate limits [${dialect}]`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await messagingApp(dialect, {
        messagesBurst: { limit: 3, windowMs: 10_000 },
        conversationsDailyNewAccount: { limit: 2, windowMs: 86_400_000 },
        newAccountAgeMs: 86_400_000,
      })
    })
    afterAll(() => t.close())

    it('limits bursts of messages and new conversations of young accounts, with Retry-After', async () => {
      const [a, b, c, d] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)]
      await mutual(t, a, b, c, d)
      const conv = await conversationOf(a, b)
      for (let i = 0; i < 3; i++) expect((await send(a, conv)).statusCode).toBe(201)
      const limited = await send(a, conv)
      expect(limited.statusCode).toBe(429)
      expect(limited.json().reason).toBe('rate_limited')
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
      // b is not limited by a's sends
      expect((await send(b, conv)).statusCode).toBe(201)

      await conversationOf(a, c)
      const third = await a.call({
        method: 'POST',
        url: '/v5/conversations',
        payload: { participants: [d.username] },
      })
      expect(third.statusCode).toBe(429)
      // asking for an existing 1:1 again creates nothing and is not limited
      expect(
        (
          await a.call({
            method: 'POST',
            url: '/v5/conversations',
            payload: { participants: [b.username] },
          })
        ).statusCode,
      ).toBe(200)
    })
  })
}
