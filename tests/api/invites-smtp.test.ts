import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { TestSmtpServer } from '../support/smtp-server'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { waitFor } from '../support/wait'
import { createPin, makeBoard } from './pin-fixtures'

/** The whole invite loop over a real SMTP server started here. */
for (const dialect of DIALECTS) {
  describe(`invite email over SMTP [${dialect}]`, () => {
    let smtp: TestSmtpServer
    let t: TestApp
    let ana: TestUser

    beforeAll(async () => {
      smtp = await TestSmtpServer.start()
      t = await createTestApp(dialect, {
        SMTP_URL: smtp.url,
        PUBLIC_URL: 'https://corkboard.example',
      })
      ana = await signUp(t, `ana_smtp_${dialect}`)
    })
    afterAll(async () => {
      await t.close()
      await smtp.close()
    })

    it('arrives with the link and an inline preview; joining from it opens the conversation', async () => {
      const pin = await createPin(t, ana, await makeBoard(t, ana), { title: 'Copper pot' })
      const email = `friend_${dialect}@example.org`
      const res = await callAs(t, ana, {
        method: 'POST',
        url: '/v5/share',
        payload: {
          recipients: [{ email }],
          attachment: { type: 'pin', id: pin.id },
          text: 'for your kitchen',
          client_message_id: `smtp-${dialect}`,
        },
      })
      expect(res.statusCode).toBe(201)
      await waitFor('the invite email', () =>
        smtp.received.some((r) => r.envelope.to.includes(email)),
      )
      const { mail } = smtp.received.find((r) => r.envelope.to.includes(email))!
      expect(smtp.received.filter((r) => r.envelope.to.includes(email))).toHaveLength(1)
      expect(mail.subject).toBe(`${ana.username} sent you a Pin on Corkboard`)
      // the link is built from PUBLIC_URL, never from the request's Host
      const link = /https:\/\/corkboard\.example\/invite\/(\S+)/.exec(mail.text ?? '')
      expect(link, mail.text).not.toBeNull()
      expect(String(mail.html)).toContain(`https://corkboard.example/invite/${link![1]}`)
      expect(mail.text).toContain('for your kitchen')
      // the pin's picture, inline
      expect(String(mail.html)).toContain('src="cid:preview"')
      const image = mail.attachments.find((a) => a.contentId === '<preview>' || a.cid === 'preview')
      expect(image?.contentType).toBe('image/jpeg')
      expect(image!.content.length).toBeGreaterThan(500)

      const token = decodeURIComponent(link![1]!)
      const friend = await signUp(t, `friend_${dialect}`, { email, invite_token: token })
      const follows = await t.ctx.db
        .selectFrom('follows')
        .selectAll()
        .where('follower_id', 'in', [Number(ana.id), Number(friend.id)])
        .where('followee_id', 'in', [Number(ana.id), Number(friend.id)])
        .execute()
      expect(follows).toHaveLength(2)
      const inbox = await callAs(t, friend, { method: 'GET', url: '/v5/conversations' })
      const [conversation] = inbox.json().items
      expect(conversation.participants.map((p: { username: string }) => p.username)).toContain(
        ana.username,
      )
      expect(conversation.last_message.attachment.pin.id).toBe(pin.id)
      expect(conversation.last_message.text).toBe('for your kitchen')
    })
  })
}
