import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Message } from '../../protocol/messages'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import type { TestUser } from '../support/users'
import { signUp } from '../support/users'
import { conversationOf, messagingApp, mutualAmong, send, sent } from './messaging-fixtures'

/**
 * Reactions, replies, edits and unsends over REST (issue 17): each endpoint, its bad input, and
 * idempotent repeats that record no event (the conversation's last_seq does not move).
 * The stream and digests: messages-beyond-stream.test.ts.
 */
for (const dialect of DIALECTS) {
  describe(`messages: reactions, replies, edits, unsends [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser, ben: TestUser, cat: TestUser, dee: TestUser

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[ana, ben, cat, dee] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)]
      await mutualAmong(t, [ana, ben, cat, dee])
    })
    afterAll(() => t.close())

    const lastSeq = async (u: TestUser, conv: string) =>
      (await u.call({ method: 'GET', url: `/v5/conversations/${conv}` })).json().last_seq as number
    const react = (u: TestUser, id: string, emoji: unknown) =>
      u.call({ method: 'POST', url: `/v5/messages/${id}/reactions`, payload: { emoji } })
    const unreact = (u: TestUser, id: string, emoji: string) =>
      u.call({ method: 'DELETE', url: `/v5/messages/${id}/reactions/${encodeURIComponent(emoji)}` })
    const editText = (u: TestUser, id: string, text: unknown) =>
      u.call({ method: 'PATCH', url: `/v5/messages/${id}`, payload: { text } })
    const unsend = (u: TestUser, id: string) =>
      u.call({ method: 'DELETE', url: `/v5/messages/${id}` })

    it('reactions: one per emoji per person, who in order, toggled; repeats record nothing', async () => {
      const conv = await conversationOf(ana, ben, cat)
      const m = await sent(ana, conv, 'pick one')
      expect(m).toMatchObject({ reactions: [], reply_to: null, edited_at: null, removed: false })
      const first = await react(ben, m.id, '👍')
      expect(first.statusCode).toBe(200)
      expect(first.json().reactions).toEqual([{ emoji: '👍', count: 1, usernames: [ben.username] }])
      const seq = await lastSeq(ana, conv)
      expect(seq).toBe(m.seq + 1)
      // again: the same answer, no event
      expect((await react(ben, m.id, '👍')).json().reactions).toHaveLength(1)
      expect(await lastSeq(ana, conv)).toBe(seq)
      await react(cat, m.id, '❤️')
      await react(ana, m.id, '👍')
      const listed = (await ana.call({ method: 'GET', url: `/v5/conversations/${conv}/messages` }))
        .json()
        .items.find((x: Message) => x.id === m.id) as Message
      expect(listed.reactions).toEqual([
        { emoji: '👍', count: 2, usernames: [ben.username, ana.username] },
        { emoji: '❤️', count: 1, usernames: [cat.username] },
      ])
      const off = await unreact(ben, m.id, '👍')
      expect(off.statusCode).toBe(200)
      // emoji in the order of their first reaction still there
      expect(off.json().reactions).toEqual([
        { emoji: '❤️', count: 1, usernames: [cat.username] },
        { emoji: '👍', count: 1, usernames: [ana.username] },
      ])
      const before = await lastSeq(ana, conv)
      expect((await unreact(ben, m.id, '👍')).statusCode).toBe(200)
      expect(await lastSeq(ana, conv)).toBe(before)
      // flags, keycaps, skin tones and ZWJ families are emoji
      for (const e of ['🇫🇷', '1️⃣', '👍🏽', '👩‍👩‍👧'])
        expect((await react(cat, m.id, e)).statusCode).toBe(200)
    })

    it('reactions made within one millisecond are listed in the order they were made', async () => {
      const conv = await conversationOf(ana, ben, cat)
      const m = await sent(ana, conv, 'same instant')
      // every reaction gets the same created_at: only their order of making may tell them apart
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
      try {
        // the later signed up (a higher id) first: an order by user would reverse them
        await react(cat, m.id, '👍')
        await react(ben, m.id, '❤️')
        await react(ana, m.id, '👍')
        const off = await unreact(cat, m.id, '👍')
        expect(off.json().reactions).toEqual([
          { emoji: '❤️', count: 1, usernames: [ben.username] },
          { emoji: '👍', count: 1, usernames: [ana.username] },
        ])
        await react(cat, m.id, '👍')
        const listed = (
          await ben.call({ method: 'GET', url: `/v5/conversations/${conv}/messages` })
        )
          .json()
          .items.find((x: Message) => x.id === m.id) as Message
        expect(listed.reactions).toEqual([
          { emoji: '❤️', count: 1, usernames: [ben.username] },
          { emoji: '👍', count: 2, usernames: [ana.username, cat.username] },
        ])
      } finally {
        vi.useRealTimers()
      }
    })

    it('reactions refuse what is not one emoji, non-members, removed messages, a 21st emoji', async () => {
      const conv = await conversationOf(ana, ben)
      const m = await sent(ana, conv, 'react to me')
      for (const bad of [
        'a',
        '👍👍',
        'ok👍',
        '',
        '\u0000',
        '👍\u0000',
        'x'.repeat(10_000),
        5,
        null,
      ]) {
        const res = await react(ben, m.id, bad)
        expect(res.statusCode, JSON.stringify(bad).slice(0, 20)).toBe(400)
      }
      expect((await react(ben, m.id, 'a')).json().reason).toBe('invalid_emoji')
      expect((await unreact(ben, m.id, 'a')).statusCode).toBe(400)
      expect((await react(dee, m.id, '👍')).statusCode).toBe(404)
      expect((await react(ben, '99999999', '👍')).statusCode).toBe(404)
      const many = [
        '😀',
        '😁',
        '😂',
        '🤣',
        '😃',
        '😄',
        '😅',
        '😆',
        '😉',
        '😊',
        '😋',
        '😎',
        '😍',
        '😘',
        '🥰',
        '😗',
        '😙',
        '😚',
        '🙂',
        '🤗',
      ]
      for (const e of many) expect((await react(ben, m.id, e)).statusCode).toBe(200)
      const over = await react(ben, m.id, '🤩')
      expect(over.statusCode).toBe(409)
      expect(over.json().reason).toBe('too_many_reactions')
      await unsend(ana, m.id)
      const onRemoved = await react(ben, m.id, '👍')
      expect(onRemoved.statusCode).toBe(409)
      expect(onRemoved.json().reason).toBe('message_removed')
    })

    it('a reply shows its original; one from another conversation or unknown is refused', async () => {
      const conv = await conversationOf(ana, ben)
      const other = await conversationOf(ana, cat)
      const original = await sent(ana, conv, 'camping or beach?')
      const elsewhere = await sent(ana, other, 'not here')
      const reply = await send(ben, conv, { text: 'camping', reply_to_message_id: original.id })
      expect(reply.statusCode).toBe(201)
      expect(reply.json().reply_to).toEqual({
        id: original.id,
        seq: original.seq,
        sender: { username: ana.username },
        text: 'camping or beach?',
        attachment: null,
      })
      for (const id of [elsewhere.id, '99999999']) {
        const res = await send(ben, conv, { reply_to_message_id: id })
        expect(res.statusCode).toBe(400)
        expect(res.json().reason).toBe('invalid_reply_to')
      }
      expect((await send(ben, conv, { reply_to_message_id: 'x\u0000' })).statusCode).toBe(400)
      // the original unsent: the quote keeps who and where, not what
      await unsend(ana, original.id)
      const page = (
        await ben.call({ method: 'GET', url: `/v5/conversations/${conv}/messages` })
      ).json()
      const shown = page.items.find((x: Message) => x.id === reply.json().id) as Message
      expect(shown.reply_to).toMatchObject({ id: original.id, text: null, attachment: null })
    })

    it('edit: the sender only, within 15 minutes, the same checks as a send; the same text records nothing', async () => {
      const conv = await conversationOf(ana, ben)
      const m = await sent(ana, conv, 'see you at 6')
      const edited = await editText(ana, m.id, 'see you at 7')
      expect(edited.statusCode).toBe(200)
      expect(edited.json()).toMatchObject({ text: 'see you at 7', removed: false })
      expect(edited.json().edited_at).toEqual(expect.any(String))
      const seq = await lastSeq(ana, conv)
      expect((await editText(ana, m.id, 'see you at 7')).statusCode).toBe(200)
      expect(await lastSeq(ana, conv)).toBe(seq)
      const notMine = await editText(ben, m.id, 'mine now')
      expect(notMine.statusCode).toBe(403)
      expect(notMine.json().reason).toBe('not_sender')
      expect((await editText(dee, m.id, 'x')).statusCode).toBe(404)
      expect((await editText(ana, m.id, 'x'.repeat(2001))).statusCode).toBe(400)
      expect((await editText(ana, m.id, 'x'.repeat(9000))).statusCode).toBe(400)
      expect((await editText(ana, m.id, 'a\u0000b')).statusCode).toBe(400)
      expect((await editText(ana, m.id, '   ')).json().reason).toBe('empty_message')
      // sent 16 minutes ago
      await t.ctx.db
        .updateTable('messages')
        .set({ created_at: new Date(Date.now() - 16 * 60_000).toISOString() })
        .where('id', '=', Number(m.id))
        .execute()
      const late = await editText(ana, m.id, 'too late')
      expect(late.statusCode).toBe(409)
      expect(late.json().reason).toBe('edit_window_closed')
      const fresh = await sent(ana, conv, 'oops')
      await unsend(ana, fresh.id)
      const removed = await editText(ana, fresh.id, 'back')
      expect(removed.statusCode).toBe(409)
      expect(removed.json().reason).toBe('message_removed')
    })

    it('unsend: the sender only, any time; text, attachment and reactions gone from the database; twice is the same', async () => {
      const conv = await conversationOf(ana, ben)
      const m = await sent(ana, conv, 'my secret plan')
      await react(ben, m.id, '😮')
      const notMine = await unsend(ben, m.id)
      expect(notMine.statusCode).toBe(403)
      expect(notMine.json().reason).toBe('not_sender')
      expect((await unsend(dee, m.id)).statusCode).toBe(404)
      const gone = await unsend(ana, m.id)
      expect(gone.statusCode).toBe(200)
      expect(gone.json()).toMatchObject({
        id: m.id,
        removed: true,
        text: null,
        attachment: null,
        reactions: [],
      })
      const seq = await lastSeq(ana, conv)
      expect((await unsend(ana, m.id)).json()).toEqual(gone.json())
      expect(await lastSeq(ana, conv)).toBe(seq)
      const row = await t.ctx.db
        .selectFrom('messages')
        .select(['text', 'attachment_type', 'removed_at'])
        .where('id', '=', Number(m.id))
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ text: null, attachment_type: null })
      expect(row.removed_at).not.toBeNull()
      const reactions = await t.ctx.db
        .selectFrom('message_reactions')
        .selectAll()
        .where('message_id', '=', Number(m.id))
        .execute()
      expect(reactions).toEqual([])
      const page = (
        await ben.call({ method: 'GET', url: `/v5/conversations/${conv}/messages` })
      ).json()
      expect(JSON.stringify(page)).not.toContain('my secret plan')
    })
  })
}
