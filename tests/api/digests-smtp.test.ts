import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { TestSmtpServer, type ReceivedMail } from '../support/smtp-server'
import { StreamClient } from '../support/stream-client'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { sleep, waitFor } from '../support/wait'
import { conversationOf, HIGH_LIMITS, mutualAmong, sent } from './messaging-fixtures'
import { createPin, makeBoard } from './pin-fixtures'

const DELAY_MS = 1000
const PERIOD_MS = 8000

/**
 * Unread-message digests over a real SMTP server, with a 1 s delay and an 8 s period: one per
 * conversation per period, only what came while the member was away, none for someone online,
 * none after unsubscribing from the link in the mail.
 */
for (const dialect of DIALECTS) {
  describe(`unread digests over SMTP [${dialect}]`, () => {
    let smtp: TestSmtpServer
    let t: TestApp
    let ana: TestUser, ben: TestUser, cat: TestUser, dee: TestUser, eve: TestUser
    const to = (u: TestUser) =>
      smtp.received.filter((r) => r.envelope.to.includes(`${u.username}@example.com`))

    beforeAll(async () => {
      smtp = await TestSmtpServer.start()
      t = await createTestApp(
        dialect,
        {
          SMTP_URL: smtp.url,
          PUBLIC_URL: 'https://corkboard.example',
          UNREAD_DIGEST_DELAY: `${DELAY_MS / 1000}s`,
          UNREAD_DIGEST_PERIOD: `${PERIOD_MS / 1000}s`,
        },
        { overrides: { messaging: { limits: HIGH_LIMITS } } },
      )
      const s = dialect.slice(0, 2)
      const people = await Promise.all(
        ['ana', 'ben', 'cat', 'dee', 'eve'].map((n) => signUp(t, `${n}_dg_${s}`)),
      )
      ;[ana, ben, cat, dee, eve] = people as [TestUser, TestUser, TestUser, TestUser, TestUser]
      await mutualAmong(t, [ana, ben, cat, dee, eve])
      await t.app.listen({ port: 0, host: '127.0.0.1' })
    })
    afterAll(async () => {
      await t.close()
      await smtp.close()
    })

    it('mails one digest per conversation per period, and none to someone who was online', async () => {
      const port = (t.app.server.address() as AddressInfo).port
      const online = await StreamClient.ready(`ws://127.0.0.1:${port}/v5/stream`, dee.token)
      const pin = await createPin(t, ana, await makeBoard(t, ana), { title: 'Copper pot' })

      const direct = await conversationOf(ana, ben)
      await sent(ana, direct, 'first <b>one</b>')
      const share = await ana.call({
        method: 'POST',
        url: `/v5/conversations/${direct}/messages`,
        payload: {
          client_message_id: 'dg-pin',
          text: 'second',
          attachment: { type: 'pin', id: pin.id },
        },
      })
      expect(share.statusCode).toBe(201)
      const groupRes = await cat.call({
        method: 'POST',
        url: '/v5/conversations',
        payload: { participants: [ana.username, ben.username], title: 'Kitchen plans' },
      })
      const group = groupRes.json().id as string
      await sent(cat, group, 'group hello')
      await sent(ana, await conversationOf(ana, dee), 'are you there?')

      await waitFor('two digests for ben', () => to(ben).length >= 2, 10_000)
      const firstAt = Date.now()
      await sleep(DELAY_MS + 500)
      expect(to(ben)).toHaveLength(2)
      // dee had a socket open when the message came: no email
      expect(to(dee)).toHaveLength(0)

      const directMail = to(ben).find((r) => r.mail.subject?.startsWith(ana.username))!.mail
      expect(directMail.subject).toBe(`${ana.username} sent you 2 messages`)
      expect(directMail.text).toContain('first <b>one</b>')
      expect(directMail.text).toContain('Pin: Copper pot')
      expect(String(directMail.html)).toContain('first &#60;b&#62;one&#60;/b&#62;')
      expect(directMail.text).toContain(`https://corkboard.example/messages/${direct}`)
      expect(directMail.html).toBeTruthy()
      const header = (name: string) =>
        directMail.headerLines.find((h) => h.key === name)?.line.replace(/\r\n\s+/g, ' ')
      expect(header('list-unsubscribe')).toMatch(
        /^List-Unsubscribe: <https:\/\/corkboard\.example\/v5\/email\/unsubscribe\/[^>]+>$/,
      )
      expect(header('list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      )
      const groupMail = to(ben).find((r) => r.mail !== directMail)!.mail
      expect(groupMail.subject).toBe('1 new message in Kitchen plans')
      expect(groupMail.text).toContain('group hello')

      // within the period: a new message waits …
      await sent(ana, direct, 'third')
      await sleep(DELAY_MS + 500)
      expect(to(ben)).toHaveLength(2)
      // … and comes alone once the period is over
      await waitFor('the next period’s digest', () => to(ben).length === 3, 10_000)
      expect(Date.now() - firstAt).toBeGreaterThanOrEqual(PERIOD_MS - 600)
      const next = to(ben)[2]!.mail
      expect(next.subject).toBe(`${ana.username} sent you a message`)
      expect(next.text).toContain('third')
      expect(next.text).not.toContain('first')

      online.ws.close()
      await sleep(DELAY_MS + 500)
      expect(to(dee)).toHaveLength(0)
    })

    it('sends none after unsubscribing from the link in the mail, without logging in', async () => {
      const mail = to(ben)[0]!.mail as ReceivedMail['mail']
      const page = /Stop these emails: (https:\/\/corkboard\.example\/unsubscribe\/(\S+))/.exec(
        mail.text ?? '',
      )
      expect(page, mail.text).not.toBeNull()
      const token = page![2]!
      const status = await t.app.inject({ method: 'GET', url: `/v5/email/unsubscribe/${token}` })
      expect(status.statusCode).toBe(200)
      expect(status.json()).toEqual({ username: ben.username, unread_digest_email: true })
      // a mail client's one-click unsubscribe (RFC 8058): a form post, no session
      const off = await t.app.inject({
        method: 'POST',
        url: `/v5/email/unsubscribe/${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      })
      expect(off.statusCode).toBe(200)
      expect(off.json()).toEqual({ username: ben.username, unread_digest_email: false })
      expect((await ben.call({ method: 'GET', url: '/v5/user_account' })).json()).toMatchObject({
        unread_digest_email: false,
      })

      const before = to(ben).length
      await sent(cat, await conversationOf(cat, ben), 'new conversation, new period')
      // eve, still subscribed, gets hers in the same time: the scans are running
      await sent(cat, await conversationOf(cat, eve), 'hello eve')
      await waitFor('eve’s digest', () => to(eve).length === 1, 10_000)
      await sleep(DELAY_MS)
      expect(to(ben)).toHaveLength(before)

      // a made-up or altered token is nobody's
      const [id, mac] = token.split('.')
      for (const bad of [`${Number(id) + 1}.${mac}`, `${id}.${'A'.repeat(22)}`, 'nonsense']) {
        const res = await t.app.inject({ method: 'POST', url: `/v5/email/unsubscribe/${bad}` })
        expect(res.statusCode, bad).toBe(404)
        expect(res.json()).toMatchObject({ code: 404, message: expect.any(String) })
      }
      // turning them back on: from the page, or in settings
      const on = await t.app.inject({ method: 'POST', url: `/v5/email/resubscribe/${token}` })
      expect(on.json()).toEqual({ username: ben.username, unread_digest_email: true })
      const patch = await ben.call({
        method: 'PATCH',
        url: '/v5/user_account',
        payload: { unread_digest_email: false },
      })
      expect(patch.json().unread_digest_email).toBe(false)
      const invalid = await ben.call({
        method: 'PATCH',
        url: '/v5/user_account',
        payload: { unread_digest_email: 'maybe' },
      })
      expect(invalid.statusCode).toBe(400)
    })

    it('mails nothing for what was read or muted; coming back online starts a new period', async () => {
      const read = await conversationOf(ana, cat)
      const m = await sent(ana, read, 'read at once')
      expect(
        (
          await cat.call({
            method: 'POST',
            url: `/v5/conversations/${read}/read`,
            payload: { seq: m.seq },
          })
        ).statusCode,
      ).toBe(200)
      const muted = await conversationOf(dee, cat)
      await cat.call({
        method: 'PATCH',
        url: `/v5/conversations/${muted}`,
        payload: { muted: true },
      })
      await sent(dee, muted, 'muted one')
      // the control: a digest that does come, to the same person, in the same time
      const control = await conversationOf(eve, cat)
      await sent(eve, control, 'for cat')
      await waitFor('cat’s digest', () => to(cat).length === 1, 10_000)
      await sleep(DELAY_MS)
      expect(to(cat).map((r) => r.mail.subject)).toEqual([`${eve.username} sent you a message`])

      // cat comes online and goes again; a new message is mailed without waiting for the period
      const port = (t.app.server.address() as AddressInfo).port
      const socket = await StreamClient.ready(`ws://127.0.0.1:${port}/v5/stream`, cat.token)
      await sleep(DELAY_MS / 2)
      socket.ws.close()
      await waitFor('the socket gone', () => t.ctx.gateway.stats().connections === 0)
      // last seen times are written every quarter of the delay: this one is written by now
      await sleep(DELAY_MS / 2)
      const seen = await t.ctx.db
        .selectFrom('users')
        .select('last_seen_at')
        .where('id', '=', Number(cat.id))
        .executeTakeFirstOrThrow()
      expect(Date.parse(seen.last_seen_at!)).toBeGreaterThan(
        Date.parse(to(cat)[0]!.mail.date!.toISOString()),
      )
      await sent(eve, control, 'while you were out again')
      await waitFor('a second digest in the period', () => to(cat).length === 2, 10_000)
      expect(to(cat)[1]!.mail.text).toContain('while you were out again')
      expect(to(cat)[1]!.mail.text).not.toContain('for cat')
    })

    it('skips, once, a digest to an address no mail goes to, and the others still go', async () => {
      const odd = await signUp(t, `odd_dg_${dialect.slice(0, 2)}`)
      await mutualAmong(t, [odd, ana])
      // an address from before sign-up checked it (the transport would refuse it)
      await t.ctx.db
        .updateTable('users')
        .set({ email: 'odd,one@example.com' })
        .where('id', '=', Number(odd.id))
        .execute()
      const stuck = await conversationOf(ana, odd)
      await sent(ana, stuck, 'to nowhere')
      const control = await conversationOf(ana, eve)
      await sent(ana, control, 'to eve again')
      const before = to(eve).length
      await waitFor('eve’s digest', () => to(eve).length === before + 1, 10_000)
      const membership = await t.ctx.db
        .selectFrom('conversation_members')
        .select(['digest_seq', 'digested_at'])
        .where('conversation_id', '=', Number(stuck))
        .where('user_id', '=', Number(odd.id))
        .executeTakeFirstOrThrow()
      expect(membership.digested_at).not.toBeNull()
      expect(Number(membership.digest_seq)).toBeGreaterThan(0)
      expect(smtp.received.some((r) => r.envelope.to.some((a) => a.includes('odd')))).toBe(false)
    })
  })
}
