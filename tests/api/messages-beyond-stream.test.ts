import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message, ServerEvent } from '../../protocol/messages'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import { signUp, type TestUser } from '../support/users'
import { block } from './pin-fixtures'
import { createTestApp, type TestApp } from '../support/test-app'
import { sleep, waitFor } from '../support/wait'
import { conversationOf, HIGH_LIMITS, mutualAmong, sent } from './messaging-fixtures'

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms))

type Position = Extract<ServerEvent, { type: 'message.created' } | { type: 'message.updated' }>
/** The stream positions a socket got in one conversation: kind, seq (the cursor's), message. */
const positionsIn = (c: StreamClient, conv: string) =>
  c.events
    .filter(
      (e): e is Position =>
        (e.type === 'message.created' || e.type === 'message.updated') &&
        e.message.conversation_id === conv,
    )
    .map((e) => ({ type: e.type, id: e.message.id, message: e.message as Message }))

/**
 * Reactions, edits and unsends on the stream (issue 17): `message.updated` with a cursor, live
 * and on resume exactly once in seq order; nothing to a non-member nor to a member who blocked
 * the sender; unread counts and digests count messages only, and an unsent message's text is
 * not in a digest composed after.
 */
for (const dialect of DIALECTS) {
  describe(`messages beyond, on the stream [${dialect}]`, () => {
    let t: TestApp
    let url: string
    let ana: TestUser, ben: TestUser, cat: TestUser, dee: TestUser

    beforeAll(async () => {
      // unread digests after 1 s away, to the embedded outbox (no SMTP_URL)
      t = await createTestApp(
        dialect,
        { UNREAD_DIGEST_DELAY: '1s', UNREAD_DIGEST_PERIOD: '1h' },
        { overrides: { messaging: { limits: HIGH_LIMITS } } },
      )
      url = await listenForStream(t)
      ;[ana, ben, cat, dee] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)]
      await mutualAmong(t, [ana, ben, cat, dee])
    })
    afterAll(() => t.close())

    const call = (
      u: TestUser,
      method: 'POST' | 'PATCH' | 'DELETE',
      path: string,
      payload?: object,
    ) => u.call({ method, url: path, ...(payload ? { payload } : {}) })

    it('a client away during a reaction, a message, an edit and an unsend gets each once, in seq order', async () => {
      const conv = await conversationOf(ana, ben)
      const first = await sent(ana, conv, 'lunch?')
      const away = await StreamClient.ready(url, ben.token)
      const cursor = away.lastCursor()
      away.close()

      expect(
        (await call(ben, 'POST', `/v5/messages/${first.id}/reactions`, { emoji: '👍' })).statusCode,
      ).toBe(200)
      const second = await sent(ana, conv, 'at noon')
      expect(
        (await call(ana, 'PATCH', `/v5/messages/${second.id}`, { text: 'at one' })).statusCode,
      ).toBe(200)
      expect((await call(ana, 'DELETE', `/v5/messages/${first.id}`)).statusCode).toBe(200)
      // idempotent repeats add nothing
      await call(ben, 'POST', `/v5/messages/${first.id}/reactions`, { emoji: '👍' })
      await call(ana, 'DELETE', `/v5/messages/${first.id}`)

      const back = await StreamClient.ready(url, ben.token, cursor)
      const got = positionsIn(back, conv)
      expect(got.map((p) => [p.type, p.id])).toEqual([
        ['message.updated', first.id],
        ['message.created', second.id],
        ['message.updated', second.id],
        ['message.updated', first.id],
      ])
      // each as it is now: the last one says removed
      expect(got[3]!.message).toMatchObject({ removed: true, text: null, reactions: [] })
      expect(got[2]!.message).toMatchObject({ text: 'at one' })
      // the cursors went forward one position at a time (4 past the one resumed from)
      const lastSeq = (await ben.call({ method: 'GET', url: `/v5/conversations/${conv}` })).json()
        .last_seq
      expect(lastSeq).toBe(second.seq + 2)
      // resuming again from the newest cursor: nothing more
      const cursorNow = back.lastCursor()
      back.close()
      const again = await StreamClient.ready(url, ben.token, cursorNow)
      expect(positionsIn(again, conv)).toEqual([])
      again.close()
    })

    it('live: members get message.updated after each action; a non-member and a blocked reader get nothing', async () => {
      const group = (
        await call(ana, 'POST', '/v5/conversations', {
          participants: [ben.username, cat.username],
          title: 'Trip',
        })
      ).json().id as string
      await block(t, cat, ana) // cat blocked ana: ana's messages are hidden from cat
      const m = await sent(ana, group, 'beach?')
      const b = await StreamClient.ready(url, ben.token)
      const c = await StreamClient.ready(url, cat.token)
      const d = await StreamClient.ready(url, dee.token)
      await call(ben, 'POST', `/v5/messages/${m.id}/reactions`, { emoji: '🏖️' })
      await b.until(() => positionsIn(b, group).length === 1)
      expect(positionsIn(b, group)[0]!.message.reactions).toEqual([
        { emoji: '🏖️', count: 1, usernames: [ben.username] },
      ])
      await call(ana, 'PATCH', `/v5/messages/${m.id}`, { text: 'beach!' })
      await b.until(() => positionsIn(b, group).length === 2)
      await call(ana, 'DELETE', `/v5/messages/${m.id}`)
      await b.until(() => positionsIn(b, group).length === 3)
      expect(positionsIn(b, group).map((p) => p.type)).toEqual([
        'message.updated',
        'message.updated',
        'message.updated',
      ])
      expect(positionsIn(b, group)[2]!.message.removed).toBe(true)
      // cat still follows the conversation: ben's next message reaches them, nothing of ana's before
      const fromBen = await sent(ben, group, 'mountains then')
      await c.until(() => positionsIn(c, group).length === 1)
      expect(positionsIn(c, group).map((p) => p.id)).toEqual([fromBen.id])
      await settle(200)
      expect(positionsIn(d, group)).toEqual([])
      for (const s of [b, c, d]) s.close()
    })

    const mailsTo = (u: TestUser) =>
      t.ctx.db
        .selectFrom('outbox_mail')
        .select(['text', 'html'])
        .where('to', 'like', `%${u.username}@example.com%`)
        .execute()

    it('a reaction alone makes no unread and no digest; an unsent message is not in the digest sent after', async () => {
      const conv = await conversationOf(ana, dee)
      const m = await sent(ana, conv, 'hello dee')
      const read = await dee.call({
        method: 'POST',
        url: `/v5/conversations/${conv}/read`,
        payload: { seq: m.seq },
      })
      expect(read.statusCode).toBeLessThan(300)
      await call(ana, 'POST', `/v5/messages/${m.id}/reactions`, { emoji: '🎉' })
      const c = (await dee.call({ method: 'GET', url: `/v5/conversations/${conv}` })).json()
      expect(c.unread_count).toBe(0)
      expect(c.last_seq).toBe(m.seq + 1)
      const unread = (
        await dee.call({ method: 'GET', url: '/v5/conversations/unread_count' })
      ).json()
      expect(unread).toMatchObject({ unread_count: 0 })
      // what a digest shows dee: nothing after a reaction alone
      const digestOf = (afterSeq: number) =>
        t.ctx.services.messaging.messages.unreadWhileAway({
          viewerId: Number(dee.id),
          conversationId: Number(conv),
          afterSeq,
          upToSeq: 1_000_000,
          since: null,
          limit: 20,
        })
      expect((await digestOf(m.seq)).messages).toEqual([])
      // past the digest delay, scanned: still no mail to dee
      await sleep(1300)
      await t.ctx.digests!.runOnce()
      expect(await mailsTo(dee)).toEqual([])
      const secret = await sent(ana, conv, 'the secret word is marmalade')
      const kept = await sent(ana, conv, 'see you soon')
      await call(ana, 'DELETE', `/v5/messages/${secret.id}`)
      const digest = await digestOf(m.seq + 1)
      expect(digest.messages.map((x) => x.text)).toEqual(['see you soon'])
      expect(JSON.stringify(digest)).not.toContain('marmalade')
      expect(kept.seq).toBe(secret.seq + 1)
      // the digest itself, composed when sent: the kept message, not the unsent one
      await sleep(1100)
      await t.ctx.digests!.runOnce()
      await waitFor('a digest to dee', async () => (await mailsTo(dee)).length > 0, 10_000)
      const mail = JSON.stringify(await mailsTo(dee))
      expect(mail).toContain('see you soon')
      expect(mail).not.toContain('marmalade')
    })
  })
}
