import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEmailReplies } from '../../server/domain/notifications/email-replies'
import { createReplyTokens } from '../../server/domain/notifications/reply-tokens'
import { BadRequestError, RateLimitedError, type AppError } from '../../server/errors'
import { DIALECTS } from '../support/dialects'
import { freePort } from '../support/ports'
import { TestSmtpServer } from '../support/smtp-server'
import { listenForStream, StreamClient } from '../support/stream-client'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { sleep, waitFor } from '../support/wait'
import { allMessages, conversationOf, HIGH_LIMITS, mutualAmong, sent } from './messaging-fixtures'
import { block } from './pin-fixtures'

const DAY = 86_400_000
const REPLY_ADDRESS = /^reply\+[A-Za-z0-9_-]{44}@corkboard\.example$/

/** A mail client's reply, as Gmail writes one: the answer, the attribution, the quoted digest. */
const gmailReply = (answer: string) =>
  `${answer}\n\nOn Tue, 3 Mar 2026 at 10:02, Corkboard <no-reply@corkboard.example> wrote:\n\n> You have 1 unread message on Corkboard:\n>\n> ana: Shall we take the copper pot?\n`

/**
 * Reply by email over real SMTP: the digest (sent to a real SMTP server) carries a signed
 * Reply-To; nodemailer sends the reply to Corkboard's inbound listener, which posts its text —
 * without the quoted mail — as the member's message, once, live to the other members. Forged,
 * reused, expired, wrong-From, blocked and non-member replies post nothing.
 */
for (const dialect of DIALECTS) {
  describe(`reply by email over SMTP [${dialect}]`, () => {
    let outgoing: TestSmtpServer
    let t: TestApp
    let inboundPort: number
    let ana: TestUser, ben: TestUser, cat: TestUser, dee: TestUser
    let direct: string
    let replyTo: string
    let anaSocket: StreamClient
    const client = () =>
      nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, ignoreTLS: true })
    const emailOf = (u: TestUser) => `${u.username}@example.com`
    const tokens = () =>
      createReplyTokens({ secret: t.ctx.config.sessionSecret, domain: t.ctx.config.replyDomain })

    /** Sends a reply to the inbound listener; answers the SMTP reply (or the refusal). */
    async function reply(opts: { from: TestUser | string; to: string; text: string; id: string }) {
      const from = typeof opts.from === 'string' ? opts.from : emailOf(opts.from)
      try {
        const info = await client().sendMail({
          from: `Someone <${from}>`,
          to: opts.to,
          subject: 'Re: a message on Corkboard',
          text: opts.text,
          messageId: opts.id,
        })
        return { ok: true as const, response: info.response }
      } catch (err) {
        const e = err as { responseCode?: number; response?: string }
        return { ok: false as const, code: e.responseCode, response: String(e.response) }
      }
    }

    beforeAll(async () => {
      outgoing = await TestSmtpServer.start()
      inboundPort = await freePort()
      t = await createTestApp(
        dialect,
        {
          SMTP_URL: outgoing.url,
          PUBLIC_URL: 'https://corkboard.example',
          INBOUND_SMTP_PORT: String(inboundPort),
          UNREAD_DIGEST_DELAY: '1s',
          UNREAD_DIGEST_PERIOD: '1h',
        },
        { overrides: { messaging: { limits: HIGH_LIMITS } } },
      )
      const s = dialect.slice(0, 2)
      const people = await Promise.all(
        ['ana', 'ben', 'cat', 'dee'].map((n) => signUp(t, `${n}_re_${s}`)),
      )
      ;[ana, ben, cat, dee] = people as [TestUser, TestUser, TestUser, TestUser]
      await mutualAmong(t, people)
      const url = await listenForStream(t)
      anaSocket = await StreamClient.ready(url, ana.token)
      direct = await conversationOf(ana, ben)
    })
    afterAll(async () => {
      anaSocket?.close()
      await t?.close()
      await outgoing?.close()
    })

    it('posts a reply to a digest once, live, without the quoted mail', async () => {
      await sent(ana, direct, 'Shall we take the copper pot?')
      await waitFor(
        'ben’s digest',
        () => outgoing.received.some((r) => r.envelope.to.includes(emailOf(ben))),
        10_000,
      )
      const digest = outgoing.received.find((r) => r.envelope.to.includes(emailOf(ben)))!.mail
      replyTo = digest.replyTo!.value[0]!.address!
      expect(replyTo).toMatch(REPLY_ADDRESS)
      expect(digest.text).toContain('reply to this email')

      const first = await reply({
        from: ben,
        to: replyTo,
        text: gmailReply('Yes, the copper one!\nSee you Saturday.'),
        id: '<reply-1@mail.example>',
      })
      expect(first).toMatchObject({ ok: true, response: expect.stringContaining('Reply posted') })
      await anaSocket.until((e) =>
        e.some((x) => x.type === 'message.created' && x.message.sender.username === ben.username),
      )
      const live = anaSocket.messages(direct).filter((m) => m.sender.username === ben.username)
      expect(live.map((m) => m.text)).toEqual(['Yes, the copper one!\nSee you Saturday.'])

      // the sender's server delivers it again (a lost 250): the same message, nothing new
      const again = await reply({
        from: ben,
        to: replyTo,
        text: gmailReply('Yes, the copper one!\nSee you Saturday.'),
        id: '<reply-1@mail.example>',
      })
      expect(again).toMatchObject({ ok: true, response: expect.stringContaining('already') })
      await sleep(200)
      const fromBen = (await allMessages(ana, direct)).filter(
        (m) => m.sender.username === ben.username,
      )
      expect(fromBen).toHaveLength(1)
      expect(anaSocket.messages(direct).filter((m) => m.sender.username === ben.username)).toEqual(
        live,
      )
    })

    it('posts nothing for a forged, reused, expired or wrong-From reply', async () => {
      const before = (await allMessages(ana, direct)).length
      const liveBefore = anaSocket.messages().length
      const token = replyTo.slice('reply+'.length, replyTo.indexOf('@'))
      const flipped = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21)
      const forged = [
        `reply+${'A'.repeat(44)}@corkboard.example`,
        `reply+${flipped}@corkboard.example`,
        `reply+${token}@elsewhere.example`,
        `ben@corkboard.example`,
      ]
      for (const to of forged) {
        const r = await reply({ from: ben, to, text: 'forged', id: `<forged-${to}@x>` })
        expect(r, to).toMatchObject({ ok: false, code: 550 })
        expect(r.response, to).toContain('No such reply address')
      }
      // the same reply address from another mail: the token posted its reply already
      const reused = await reply({ from: ben, to: replyTo, text: 'again', id: '<reply-2@x>' })
      expect(reused).toMatchObject({ ok: false, code: 550 })
      expect(reused.response).toContain('already used')

      const expired = tokens().addressFor(Number(ben.id), Number(direct), Date.now() - 15 * DAY)
      const late = await reply({ from: ben, to: expired, text: 'late', id: '<late@x>' })
      expect(late).toMatchObject({ ok: false, code: 550 })
      expect(late.response).toContain('expired')

      // a valid address, but not from ben's address (cat's, or someone's who found the mail)
      const fresh = tokens().addressFor(Number(ben.id), Number(direct))
      for (const from of [cat, 'stranger@example.org']) {
        const r = await reply({ from, to: fresh, text: 'not ben', id: `<from-${String(from)}@x>` })
        expect(r).toMatchObject({ ok: false, code: 550 })
        expect(r.response).toContain('only from the address')
      }
      // …and ben can still use it: a refused mail did not use it up
      const ok = await reply({ from: ben, to: fresh, text: 'Still here.', id: '<fresh@x>' })
      expect(ok).toMatchObject({ ok: true })
      await anaSocket.until((e) => e.length > 0 && anaSocket.messages().length === liveBefore + 1)

      const after = await allMessages(ana, direct)
      expect(after).toHaveLength(before + 1)
      expect(after.map((m) => m.text)).not.toContain('forged')
      expect(after[0]!.text).toBe('Still here.')
    })

    it('posts nothing for a member who left, someone never in it, one blocked or suspended', async () => {
      const group = (
        await ana.call({
          method: 'POST',
          url: '/v5/conversations',
          payload: { participants: [ben.username, cat.username], title: 'Pots' },
        })
      ).json().id as string
      await sent(ana, group, 'copper or steel?')
      const catsAddress = tokens().addressFor(Number(cat.id), Number(group))
      const left = await cat.call({
        method: 'DELETE',
        url: `/v5/conversations/${group}/participants/me`,
      })
      expect(left.statusCode).toBeLessThan(300)
      const gone = await reply({ from: cat, to: catsAddress, text: 'steel', id: '<left@x>' })
      expect(gone).toMatchObject({ ok: false, code: 550 })
      expect(gone.response).toContain('not a member of this conversation')

      // a token made for someone who was never a member (as if the secret had leaked)
      const never = tokens().addressFor(Number(dee.id), Number(group))
      const outsider = await reply({ from: dee, to: never, text: 'hi all', id: '<never@x>' })
      expect(outsider).toMatchObject({ ok: false, code: 550 })
      expect(outsider.response).toContain('not a member of this conversation')

      // a 1:1 where the other person blocked the member since the digest
      const withDee = await conversationOf(dee, ben)
      await sent(dee, withDee, 'ping')
      const toDee = tokens().addressFor(Number(ben.id), Number(withDee))
      await block(t, dee, ben)
      const blocked = await reply({ from: ben, to: toDee, text: 'pong', id: '<blocked@x>' })
      expect(blocked).toMatchObject({ ok: false, code: 550 })
      expect(blocked.response).toContain(`cannot message ${dee.username}`)

      // a suspended account (it may not log in either)
      const withCat = await conversationOf(ana, cat)
      const catsOwn = tokens().addressFor(Number(cat.id), Number(withCat))
      const suspend = (at: string | null) =>
        t.ctx.db.updateTable('users').set({ suspended_at: at }).where('id', '=', Number(cat.id))
      await suspend(new Date().toISOString()).execute()
      const suspended = await reply({ from: cat, to: catsOwn, text: 'hi', id: '<suspended@x>' })
      await suspend(null).execute()
      expect(suspended).toMatchObject({ ok: false, code: 550 })
      expect(await allMessages(ana, withCat)).toEqual([])

      const texts = (await allMessages(ana, group)).map((m) => m.text)
      expect(texts).toEqual(['copper or steel?'])
      expect((await allMessages(dee, withDee)).map((m) => m.text)).toEqual(['ping'])
    })

    it('keeps a token for its mail through a refusal for now, lets it go after one for good', async () => {
      // the real send, refused once as the abuse limits would (429), then once for good (400)
      const refusals: AppError[] = [new RateLimitedError(30), new BadRequestError('Too long.')]
      const replies = createEmailReplies({
        db: t.ctx.db,
        tokens: tokens(),
        messages: {
          sendMessage: (...args) => {
            const refusal = refusals.shift()
            if (refusal) return Promise.reject(refusal)
            return t.ctx.services.messaging.messages.sendMessage(...args)
          },
        },
      })
      const to = tokens().addressFor(Number(ben.id), Number(direct), Date.now() - 6 * DAY)
      const mail = { to, from: emailOf(ben), rawHash: 'x', text: 'Later then.' }
      const first = await replies.deliver({ ...mail, messageId: '<later-1@x>' })
      expect(first).toMatchObject({ status: 'refused', permanent: false })
      // the token waits for that mail: another one may not take it meanwhile
      const other = await replies.deliver({ ...mail, messageId: '<later-2@x>' })
      expect(other).toMatchObject({ status: 'refused', permanent: true, why: /already used/ })
      // the retry is refused for good: the token is free again, for a corrected mail
      const second = await replies.deliver({ ...mail, messageId: '<later-1@x>' })
      expect(second).toMatchObject({ status: 'refused', permanent: true, why: 'Too long.' })
      const posted = await replies.deliver({ ...mail, messageId: '<later-3@x>' })
      expect(posted).toMatchObject({ status: 'posted' })
      const texts = (await allMessages(ana, direct)).map((m) => m.text)
      expect(texts.filter((x) => x === 'Later then.')).toHaveLength(1)
    })

    it('refuses a mail to two reply addresses in one go, and one over 256 KB', async () => {
      // (made at other times than the addresses before: each one a new token)
      const a = tokens().addressFor(Number(ben.id), Number(direct), Date.now() - 3 * DAY)
      const b = tokens().addressFor(Number(ben.id), Number(direct), Date.now() - 4 * DAY)
      const two = await client()
        .sendMail({ from: emailOf(ben), to: [a, b], text: 'twice?', messageId: '<two@x>' })
        .catch((err: { responseCode?: number }) => err)
      // the first recipient takes it, the second is deferred (452): its server sends it later
      expect(two).toMatchObject({ rejected: [b] })
      const big = await reply({
        from: ben,
        to: tokens().addressFor(Number(ben.id), Number(direct), Date.now() - 5 * DAY),
        text: 'x'.repeat(300 * 1024),
        id: '<big@x>',
      })
      expect(big).toMatchObject({ ok: false, code: 552 })
      const texts = (await allMessages(ana, direct)).map((m) => m.text)
      expect(texts.filter((x) => x === 'twice?')).toHaveLength(1)
      expect(texts.some((x) => x?.startsWith('xxx'))).toBe(false)
    })
  })
}
