import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction } from '../../server/db/database'
import type { Mail } from '../../server/mail/message'
import { png } from '../api/pin-fixtures'
import { DIALECTS } from '../support/dialects'
import { TestSmtpServer } from '../support/smtp-server'
import { createTestApp, type TestApp } from '../support/test-app'
import { sleep, waitFor } from '../support/wait'

const FROM = 'Corkboard <no-reply@corkboard.test>'

async function inviteMail(subject: string): Promise<Mail> {
  const preview = await png(40, 30, '#aa7733')
  return {
    to: 'friend@example.com',
    subject,
    text: 'Ana sent you a pin: Ultralight tent\nJoin Corkboard: http://localhost:3000/invite/abc123',
    html:
      '<p>Ana sent you a pin: <b>Ultralight tent</b></p>' +
      '<img src="cid:pin-preview@corkboard" alt="Ultralight tent">' +
      '<p><a href="http://localhost:3000/invite/abc123">Join Corkboard</a></p>',
    headers: {
      'List-Unsubscribe': '<http://localhost:3000/unsubscribe/u1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    attachments: [
      {
        filename: 'pin.png',
        contentType: 'image/png',
        content: preview.toString('base64'),
        cid: 'pin-preview@corkboard',
      },
    ],
  }
}

const headerLine = (lines: readonly { key: string; line: string }[], key: string) =>
  lines.find((l) => l.key === key)?.line

for (const dialect of DIALECTS) {
  describe(`mail over a real SMTP server [${dialect}]`, () => {
    let smtp: TestSmtpServer
    let t: TestApp

    beforeAll(async () => {
      smtp = await TestSmtpServer.start()
      t = await createTestApp(
        dialect,
        { SMTP_URL: smtp.url, MAIL_FROM: FROM },
        { overrides: { jobs: { pollMs: 50, retryBaseMs: 100, retryMaxMs: 1000 } } },
      )
    })
    afterAll(async () => {
      await t?.close()
      await smtp?.close()
    })

    it('delivers a mail enqueued in a transaction once: text, HTML, headers, inline image', async () => {
      const mail = await inviteMail('Ana sent you a pin')
      await inTransaction(t.ctx.db, (tx) => t.ctx.mailer.enqueueMail(tx, mail))
      await waitFor('the mail to arrive', () => smtp.withSubject(mail.subject).length > 0)
      await sleep(400)
      const received = smtp.withSubject(mail.subject)
      expect(received).toHaveLength(1)
      const { envelope, mail: got } = received[0]!
      expect(envelope).toEqual({ from: 'no-reply@corkboard.test', to: ['friend@example.com'] })
      expect(got.from?.value[0]).toMatchObject({
        name: 'Corkboard',
        address: 'no-reply@corkboard.test',
      })
      expect(got.text?.replace(/\r\n/g, '\n').trim()).toBe(mail.text)
      expect(got.html).toContain('<a href="http://localhost:3000/invite/abc123">')
      expect(got.html).toContain('src="cid:pin-preview@corkboard"')
      expect(headerLine(got.headerLines, 'list-unsubscribe')).toBe(
        'List-Unsubscribe: <http://localhost:3000/unsubscribe/u1>',
      )
      expect(headerLine(got.headerLines, 'list-unsubscribe-post')).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      )
      expect(got.attachments).toHaveLength(1)
      const image = got.attachments[0]!
      expect(image).toMatchObject({
        contentType: 'image/png',
        cid: 'pin-preview@corkboard',
        related: true,
      })
      expect(image.content.equals(Buffer.from(mail.attachments![0]!.content, 'base64'))).toBe(true)
    })

    it('loses nothing to a failing server: refused (4xx, then 5xx), retried, delivered once', async () => {
      const mail = await inviteMail('Bo sent you a board')
      const attemptsBefore = smtp.attempts
      smtp.refuseNext(451, 554)
      const id = await inTransaction(t.ctx.db, (tx) => t.ctx.mailer.enqueueMail(tx, mail))
      await waitFor('the mail to arrive', () => smtp.withSubject(mail.subject).length > 0)
      await waitFor('the job to be done', async () => {
        const job = await t.ctx.db
          .selectFrom('jobs')
          .select('done_at')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        return job.done_at !== null
      })
      await sleep(500)
      expect(smtp.withSubject(mail.subject)).toHaveLength(1)
      expect(smtp.attempts - attemptsBefore).toBe(3)
      const job = await t.ctx.db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(job).toMatchObject({ type: 'mail.send', attempts: 3, failed_at: null })
      expect(job.last_error).toMatch(/554/)
      // once sent, the mail (and any live link in it) is not kept in the jobs table
      expect(job.payload).toBe('null')
    })

    it('sends nothing for an action that rolled back', async () => {
      const mail = await inviteMail('Never sent')
      await expect(
        inTransaction(t.ctx.db, async (tx) => {
          await t.ctx.mailer.enqueueMail(tx, mail)
          throw new Error('the share failed')
        }),
      ).rejects.toThrow('the share failed')
      await sleep(600)
      expect(smtp.withSubject(mail.subject)).toHaveLength(0)
    })

    it('refuses at once a mail no server would take', async () => {
      const mail = await inviteMail('Bad')
      await expect(
        t.ctx.mailer.enqueueMail(t.ctx.db, { ...mail, to: 'not an address' }),
      ).rejects.toMatchObject({ reason: 'invalid_mail' })
      await expect(
        t.ctx.mailer.enqueueMail(t.ctx.db, { ...mail, headers: { 'X-Note': 'a\r\nBcc: x@y.z' } }),
      ).rejects.toMatchObject({ reason: 'invalid_mail' })
    })
  })
}
