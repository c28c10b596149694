import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { friendsInConversation, messagingApp } from './messaging-fixtures'

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms))

for (const dialect of DIALECTS) {
  describe(`message stream [${dialect}]`, () => {
    let t: TestApp
    let url: string
    let ana: TestUser
    let bo: TestUser
    let cy: TestUser
    let conversation: string

    const connect = (u: TestUser) => StreamClient.open(url, { authorization: `Bearer ${u.token}` })
    const sendHttp = (u: TestUser, text: string, clientId = `c-${Math.random()}`) =>
      u.call({
        method: 'POST',
        url: `/v5/conversations/${conversation}/messages`,
        payload: { client_message_id: clientId, text },
      })

    beforeAll(async () => {
      t = await messagingApp(dialect)
      url = await listenForStream(t)
      ;({ ana, bo, conversation } = await friendsInConversation(t))
      cy = await signUp(t)
    })
    afterAll(() => t.close())

    it('hello → ready, then live messages to every member, the sender’s other tabs included', async () => {
      const b = await StreamClient.ready(url, bo.token)
      const a = await StreamClient.ready(url, ana.token)
      expect((await sendHttp(ana, 'hi bo')).statusCode).toBe(201)
      await b.until(() => b.messages().length === 1)
      await a.until(() => a.messages().length === 1)
      expect(b.messages()[0]).toMatchObject({ text: 'hi bo', sender: { username: ana.username } })
      a.close()
      b.close()
    })

    it('resumes: 100 messages while away arrive exactly once, in order, then ready', async () => {
      const b = await connect(bo)
      b.send({ type: 'hello', cursor: null })
      await b.until((e) => e.some((x) => x.type === 'ready'))
      const cursor = b.lastCursor()
      b.close()
      const sent: number[] = []
      for (let i = 0; i < 100; i++) sent.push((await sendHttp(ana, `m${i}`)).json().seq)
      const back = await connect(bo)
      back.send({ type: 'hello', cursor })
      await back.until((e) => e.some((x) => x.type === 'ready'))
      const got = back.messages()
      expect(got.map((m) => m.seq)).toEqual(sent)
      expect(got.map((m) => m.text)).toEqual(sent.map((_, i) => `m${i}`))
      const readyAt = back.events.findIndex((e) => e.type === 'ready')
      expect(back.events.slice(readyAt + 1).filter((e) => e.type === 'message.created')).toEqual([])
      back.close()
    })

    it('answers a bogus or foreign cursor with resync_required', async () => {
      const b = await connect(bo)
      b.send({ type: 'hello', cursor: 'bogus' })
      await b.until((e) => e.some((x) => x.type === 'ready'))
      expect(b.events[0]!.type).toBe('resync_required')
      const a = await connect(ana)
      a.send({ type: 'hello', cursor: null })
      await a.until((e) => e.some((x) => x.type === 'ready'))
      const b2 = await connect(bo)
      b2.send({ type: 'hello', cursor: a.lastCursor() })
      await b2.until((e) => e.some((x) => x.type === 'ready'))
      expect(b2.events[0]!.type).toBe('resync_required')
      for (const c of [a, b, b2]) c.close()
    })

    it('delivers nothing to a non-member', async () => {
      const c = await connect(cy)
      c.send({ type: 'hello', cursor: null })
      await c.until((e) => e.some((x) => x.type === 'ready'))
      await sendHttp(ana, 'private')
      await settle()
      expect(c.messages()).toEqual([])
      c.close()
    })

    it('sends over the socket with an ack, idempotently', async () => {
      const a = await connect(ana)
      a.send({ type: 'hello', cursor: null })
      await a.until((e) => e.some((x) => x.type === 'ready'))
      const frame = {
        type: 'message.send',
        request_id: 'r1',
        conversation_id: conversation,
        client_message_id: 'socket-1',
        text: 'over the socket',
      }
      a.send(frame)
      a.send({ ...frame, request_id: 'r2' })
      await a.until((e) => e.filter((x) => x.type === 'message.ack').length === 2)
      const acks = a.events.flatMap((e) => (e.type === 'message.ack' ? [e] : []))
      expect(acks.map((x) => x.request_id).sort()).toEqual(['r1', 'r2'])
      expect(acks[0]!.message.id).toBe(acks[1]!.message.id)
      const nonMember = {
        ...frame,
        request_id: 'r3',
        client_message_id: 'socket-2',
        conversation_id: '999999',
      }
      a.send(nonMember)
      await a.until((e) => e.some((x) => x.type === 'error'))
      expect(a.events.find((x) => x.type === 'error')).toMatchObject({
        request_id: 'r3',
        code: 404,
      })
      a.close()
    })

    it('the sending socket gets its message once, in the ack with a cursor; every other socket as message.created', async () => {
      const a = await StreamClient.ready(url, ana.token)
      const otherTab = await StreamClient.ready(url, ana.token)
      const b = await StreamClient.ready(url, bo.token)
      const before = a.lastCursor()
      a.send({
        type: 'message.send',
        request_id: 'f1',
        conversation_id: conversation,
        client_message_id: 'fold-1',
        text: 'once',
      })
      await a.until((e) => e.some((x) => x.type === 'message.ack'))
      const ack = a.events.find((x) => x.type === 'message.ack')!
      if (ack.type !== 'message.ack') throw new Error('not an ack')
      for (const other of [otherTab, b]) {
        await other.until(() => other.messages().some((m) => m.id === ack.message.id))
      }
      await settle(200)
      expect(ack.cursor).toEqual(expect.any(String))
      expect(a.events.filter((x) => x.type === 'message.created')).toEqual([])
      expect(a.messages().map((m) => m.id)).toEqual([ack.message.id])
      for (const other of [otherTab, b]) {
        expect(other.events.filter((x) => x.type === 'message.created')).toHaveLength(1)
      }
      // the ack's cursor is past the message: a resume from it replays nothing; one from before does
      const resumed = await StreamClient.ready(url, ana.token, ack.cursor!)
      expect(resumed.events.map((x) => x.type)).toEqual(['ready'])
      const behind = await StreamClient.ready(url, ana.token, before)
      expect(behind.messages().map((m) => m.id)).toEqual([ack.message.id])
      for (const c of [a, otherTab, b, resumed, behind]) c.close()
    })

    it('closes the socket with 1009 on a frame over 64 KiB, and refuses a foreign Origin', async () => {
      const a = await connect(ana)
      a.ws.send('x'.repeat(70 * 1024))
      await a.until(() => a.closed !== null)
      expect(a.closed!.code).toBe(1009)
      await expect(
        StreamClient.open(url, { cookie: ana.cookie, origin: 'https://evil.example' }),
      ).rejects.toThrow(/403/)
      await expect(StreamClient.open(url, {})).rejects.toThrow(/401/)
      const same = await StreamClient.open(url, {
        cookie: ana.cookie,
        origin: 'http://localhost:3000',
      })
      same.close()
    })

    it('a member who leaves a group stops receiving at once, and is told to drop it', async () => {
      for (const [x, y] of [
        [ana, cy],
        [cy, ana],
      ] as const) {
        await x.call({ method: 'POST', url: `/v5/user_account/following/${y.username}` })
      }
      const created = await ana.call({
        method: 'POST',
        url: '/v5/conversations',
        payload: { participants: [bo.username, cy.username], title: 'trip' },
      })
      expect(created.statusCode).toBe(201)
      const group = created.json().id as string
      const say = (text: string) =>
        ana.call({
          method: 'POST',
          url: `/v5/conversations/${group}/messages`,
          payload: { client_message_id: `g-${Math.random()}`, text },
        })
      const c = await connect(cy)
      c.send({ type: 'hello', cursor: null })
      await c.until((e) => e.some((x) => x.type === 'ready'))
      await say('before')
      await c.until(() => c.messages().some((m) => m.text === 'before'))
      const left = await cy.call({
        method: 'DELETE',
        url: `/v5/conversations/${group}/participants/me`,
      })
      expect(left.statusCode).toBe(204)
      await c.until((e) => e.some((x) => x.type === 'conversation.removed'))
      await say('after')
      await settle()
      expect(c.messages().map((m) => m.text)).not.toContain('after')
      c.close()
    })

    it('refuses a socket send that the policy no longer allows: a block ends a 1:1 both ways', async () => {
      const blocked = await bo.call({ method: 'POST', url: `/v5/users/${ana.username}/block` })
      expect(blocked.statusCode).toBe(204)
      for (const [user, request] of [
        [ana, 'from-blocked'],
        [bo, 'from-blocker'],
      ] as const) {
        const c = await connect(user)
        c.send({ type: 'hello', cursor: null })
        await c.until((e) => e.some((x) => x.type === 'ready'))
        c.send({
          type: 'message.send',
          request_id: request,
          conversation_id: conversation,
          client_message_id: `${request}-1`,
          text: 'still there?',
        })
        await c.until((e) => e.some((x) => x.type === 'error'))
        expect(c.events.find((x) => x.type === 'error')).toMatchObject({
          request_id: request,
          code: 403,
          reason: 'blocked',
        })
        c.close()
      }
    })
  })
}
