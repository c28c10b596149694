import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../../server/domain/accounts/tokens'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { waitFor } from '../support/wait'
import { createPin, follow, makeBoard } from './pin-fixtures'

/** Invites to addresses without an account; the mail is read from the embedded outbox. */
for (const dialect of DIALECTS) {
  describe(`invites [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let pinId: string
    let n = 0

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ana = await signUp(t, `ana_inv_${dialect}`)
      pinId = (await createPin(t, ana, await makeBoard(t, ana), { title: 'Blue enamel kettle' })).id
    })
    afterAll(() => t.close())

    const share = (who: TestUser, recipients: object[], text = 'look at this') =>
      callAs(t, who, {
        method: 'POST',
        url: '/v5/share',
        payload: {
          recipients,
          attachment: { type: 'pin', id: pinId },
          text,
          client_message_id: `inv-${dialect}-${++n}`,
        },
      })

    /** The invite link in the newest mail to `email` (waits for the job to send it). */
    async function linkIn(email: string) {
      let mail: { text: string; html: string | null; subject: string } | undefined
      await waitFor(`a mail to ${email}`, async () => {
        mail = (await t.ctx.mailer.outbox!.list(50)).find((m) => m.to === email)
        return mail !== undefined
      })
      const link = /https?:\/\/\S+\/invite\/(\S+)/.exec(mail!.text)
      expect(link, mail!.text).not.toBeNull()
      return { token: decodeURIComponent(link![1]!), mail: mail! }
    }

    it('invites an address with no account; the link works once, for that address', async () => {
      const email = `newcomer_${dialect}@example.com`
      const res = await share(ana, [{ email }])
      expect(res.statusCode).toBe(201)
      expect(res.json().invites).toEqual([{ email }])
      const { token, mail } = await linkIn(email)
      expect(mail.subject).toContain('sent you a Pin')
      expect(mail.text).toContain('Blue enamel kettle')
      expect(mail.text).toContain('look at this')
      // stored only as its hash
      const rows = await t.ctx.db
        .selectFrom('invites')
        .selectAll()
        .where('email', '=', email)
        .execute()
      expect(rows).toHaveLength(1)
      expect(JSON.stringify(rows)).not.toContain(token)
      expect(rows[0]!.token_hash).toBe(hashSecret(token))

      // the landing page's preview does not use it up, however often it is opened
      for (let i = 0; i < 3; i++) {
        const preview = await t.app.inject({ url: `/v5/invites/${encodeURIComponent(token)}` })
        expect(preview.statusCode).toBe(200)
        expect(preview.headers['referrer-policy']).toBe('no-referrer')
        expect(preview.json()).toMatchObject({
          status: 'valid',
          inviter: { username: ana.username },
        })
      }

      // someone signed in with another address cannot take it
      const other = await signUp(t, `other_${dialect}`)
      const wrong = await callAs(t, other, {
        method: 'POST',
        url: `/v5/invites/${encodeURIComponent(token)}/accept`,
      })
      expect(wrong.statusCode).toBe(403)
      expect(wrong.json().reason).toBe('invite_wrong_account')

      // signing up from it accepts it: both follow each other, the conversation has the pin
      const newcomer = await signUp(t, `newcomer_${dialect}`, { email, invite_token: token })
      const graph = await t.ctx.db
        .selectFrom('follows')
        .select(['follower_id', 'followee_id'])
        .where((eb) =>
          eb.or([
            eb.and([
              eb('follower_id', '=', Number(ana.id)),
              eb('followee_id', '=', Number(newcomer.id)),
            ]),
            eb.and([
              eb('follower_id', '=', Number(newcomer.id)),
              eb('followee_id', '=', Number(ana.id)),
            ]),
          ]),
        )
        .execute()
      expect(graph).toHaveLength(2)
      const inbox = await callAs(t, newcomer, { method: 'GET', url: '/v5/conversations' })
      const conversation = inbox.json().items[0]
      expect(conversation.last_message.attachment.pin.id).toBe(pinId)
      expect(conversation.last_message.text).toBe('look at this')

      // a second accept: gone
      const again = await callAs(t, newcomer, {
        method: 'POST',
        url: `/v5/invites/${encodeURIComponent(token)}/accept`,
      })
      expect(again.statusCode).toBe(410)
      expect(again.json().reason).toBe('invite_used')
      const preview = await t.app.inject({ url: `/v5/invites/${encodeURIComponent(token)}` })
      expect(preview.json().status).toBe('used')
    })

    it('previews a shared profile by its username', async () => {
      const email = `profilefan_${dialect}@example.com`
      const res = await callAs(t, ana, {
        method: 'POST',
        url: '/v5/share',
        payload: {
          recipients: [{ email }],
          attachment: { type: 'user', id: ana.id },
          client_message_id: `inv-profile-${dialect}`,
        },
      })
      expect(res.statusCode).toBe(201)
      const { token, mail } = await linkIn(email)
      expect(mail.subject).toBe(`${ana.username} sent you a profile on Corkboard`)
      const preview = await t.app.inject({ url: `/v5/invites/${encodeURIComponent(token)}` })
      expect(preview.json()).toMatchObject({
        status: 'valid',
        attachment: { type: 'user', id: ana.id },
        shared_username: ana.username,
      })
    })

    it('several people inviting one address each get their conversation', async () => {
      const email = `wanted_${dialect}@example.com`
      const bo = await signUp(t, `bo_inv_${dialect}`)
      const boPin = await createPin(t, bo, await makeBoard(t, bo), { title: 'Linen apron' })
      expect((await share(ana, [{ email }])).statusCode).toBe(201)
      const fromBo = await callAs(t, bo, {
        method: 'POST',
        url: '/v5/share',
        payload: {
          recipients: [{ email }],
          attachment: { type: 'pin', id: boPin.id },
          client_message_id: `inv-bo-${dialect}`,
        },
      })
      expect(fromBo.statusCode).toBe(201)
      let mails: { to: string; subject: string; text: string }[] = []
      await waitFor('both invite mails', async () => {
        mails = (await t.ctx.mailer.outbox!.list(100)).filter((m) => m.to === email)
        return mails.length === 2
      })
      const tokenFrom = (who: TestUser) => {
        const mail = mails.find((m) => m.subject.startsWith(`${who.username} `))!
        return decodeURIComponent(/\/invite\/(\S+)/.exec(mail.text)![1]!)
      }
      const [anaToken, boToken] = [tokenFrom(ana), tokenFrom(bo)]
      const wanted = await signUp(t, `wanted_${dialect}`, { email, invite_token: anaToken })
      const accepted = await callAs(t, wanted, {
        method: 'POST',
        url: `/v5/invites/${encodeURIComponent(boToken)}/accept`,
      })
      expect(accepted.statusCode).toBe(200)
      const inbox = (await callAs(t, wanted, { method: 'GET', url: '/v5/conversations' })).json()
      const pins = inbox.items.map(
        (c: { last_message: { attachment: { pin: { id: string } } } }) =>
          c.last_message.attachment.pin.id,
      )
      expect(pins.sort()).toEqual([pinId, boPin.id].sort())
      const following = await t.ctx.db
        .selectFrom('follows')
        .select('followee_id')
        .where('follower_id', '=', Number(wanted.id))
        .execute()
      expect(following.map((f) => String(f.followee_id)).sort()).toEqual([ana.id, bo.id].sort())
    })

    it('an expired invite answers 410 invite_expired', async () => {
      const email = `late_${dialect}@example.com`
      await share(ana, [{ email }])
      const { token } = await linkIn(email)
      await t.ctx.db
        .updateTable('invites')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('email', '=', email)
        .execute()
      const late = await signUp(t, `late_${dialect}`, { email })
      const res = await callAs(t, late, {
        method: 'POST',
        url: `/v5/invites/${encodeURIComponent(token)}/accept`,
      })
      expect(res.statusCode).toBe(410)
      expect(res.json().reason).toBe('invite_expired')
    })

    it('answers the same whether or not an address has an account', async () => {
      const member = await signUp(t, `member_${dialect}`)
      await follow(t, ana, member)
      await follow(t, member, ana)
      const a = await share(ana, [{ email: `member_${dialect}@example.com` }])
      const b = await share(ana, [{ email: `nobody_${dialect}@example.com` }])
      expect(a.statusCode).toBe(b.statusCode)
      const shape = (r: typeof a, email: string) =>
        JSON.stringify(r.json()).replace(email, '<email>')
      expect(shape(a, `member_${dialect}@example.com`)).toBe(
        shape(b, `nobody_${dialect}@example.com`),
      )
      // the member got it as a message, and no invite was made for them
      const inbox = await callAs(t, member, { method: 'GET', url: '/v5/conversations' })
      expect(inbox.json().items[0].last_message.attachment.pin.id).toBe(pinId)
      const invited = await t.ctx.db
        .selectFrom('invites')
        .select('id')
        .where('email', '=', `member_${dialect}@example.com`)
        .execute()
      expect(invited).toEqual([])
    })

    /** Six people (new each time) each send their own pin to `email`: the six answers. */
    async function sixSendTo(email: string, tag: string) {
      const senders = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((i) => signUp(t, `${tag}${i}_${dialect}`)),
      )
      const answers = []
      for (const s of senders) {
        const board = await makeBoard(t, s)
        const pin = await createPin(t, s, board)
        answers.push(
          await callAs(t, s, {
            method: 'POST',
            url: '/v5/share',
            payload: {
              recipients: [{ email }],
              attachment: { type: 'pin', id: pin.id },
              client_message_id: `fan-${s.username}`,
            },
          }),
        )
      }
      return answers
    }

    it("sends to a member's address once, however often the share is retried", async () => {
      const member = await signUp(t, `long_member_name_${dialect}`)
      await follow(t, ana, member)
      await follow(t, member, ana)
      const email = `long_member_name_${dialect}@example.com`
      const clientId = randomUUID()
      for (let i = 0; i < 2; i++) {
        const res = await callAs(t, ana, {
          method: 'POST',
          url: '/v5/share',
          payload: {
            recipients: [{ email }],
            attachment: { type: 'pin', id: pinId },
            text: 'once only',
            client_message_id: clientId,
          },
        })
        expect(res.statusCode).toBe(201)
        expect(res.json().invites).toEqual([{ email }])
      }
      const inbox = (await callAs(t, member, { method: 'GET', url: '/v5/conversations' })).json()
      const [conversation] = inbox.items
      const messages = await callAs(t, member, {
        method: 'GET',
        url: `/v5/conversations/${conversation.id}/messages`,
      })
      expect(messages.json().items.map((m: { text: string }) => m.text)).toEqual(['once only'])
    })

    it('limits what one address receives per day with 429 and Retry-After, account or not', async () => {
      const answers = await sixSendTo(`popular_${dialect}@example.com`, 'fan')
      expect(answers.slice(0, 5).map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201])
      expect(answers[5]!.statusCode).toBe(429)
      expect(Number(answers[5]!.headers['retry-after'])).toBeGreaterThan(0)
      // the same for a member's address: a 429 would otherwise tell that it has no account
      await signUp(t, `star_${dialect}`)
      const toMember = await sixSendTo(`star_${dialect}@example.com`, 'stan')
      expect(toMember.map((r) => r.statusCode)).toEqual(answers.map((r) => r.statusCode))
    })

    it('limits one member to 20 addresses a day, counted before anything is sent', async () => {
      const busy = await signUp(t, `busy_${dialect}`)
      const pin = await createPin(t, busy, await makeBoard(t, busy))
      const send = (emails: string[], id: string) =>
        callAs(t, busy, {
          method: 'POST',
          url: '/v5/share',
          payload: {
            recipients: emails.map((email) => ({ email })),
            attachment: { type: 'pin', id: pin.id },
            client_message_id: id,
          },
        })
      const addr = (i: number) => `pal${i}_${dialect}@example.com`
      const range = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, i) => addr(from + i))
      expect((await send(range(0, 9), 'b1')).statusCode).toBe(201)
      expect((await send(range(9, 18), 'b2')).statusCode).toBe(201)
      // 18 so far: two more fit, three do not, and then none of the three is invited
      const over = await send(range(18, 21), 'b3')
      expect(over.statusCode).toBe(429)
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0)
      const invited = await t.ctx.db
        .selectFrom('invites')
        .select('email')
        .where('inviter_id', '=', Number(busy.id))
        .execute()
      expect(invited.map((r) => r.email).sort()).toEqual(range(0, 18).sort())
      expect((await send(range(18, 20), 'b4')).statusCode).toBe(201)
      expect((await send(range(20, 21), 'b5')).statusCode).toBe(429)
    })

    it('answers 404 for an unknown token, 400 for a malformed address; the landing page sends no referrer', async () => {
      expect((await t.app.inject({ url: '/v5/invites/inv_nonexistent_token' })).statusCode).toBe(
        404,
      )
      // the landing page carries its token in its URL: it sends no referrer anywhere
      const page = await t.app.inject({ url: '/invite/inv_some_token' })
      expect(page.headers['referrer-policy']).toBe('no-referrer')
      const bad = await share(ana, [{ email: 'not-an-address' }])
      expect(bad.statusCode).toBe(400)
      expect(bad.json().reason).toBe('invalid_email')
    })
  })
}
