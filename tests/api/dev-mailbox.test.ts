import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction } from '../../server/db/database'
import type { Mail } from '../../server/mail/message'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { waitFor } from '../support/wait'
import { png } from './pin-fixtures'

const mail = (subject: string, extra: Partial<Mail> = {}): Mail => ({
  to: 'friend@example.com',
  subject,
  text: `${subject}: open http://localhost:3000/invite/tok-${subject.length} to join.`,
  html: `<p>${subject}</p><a href="http://localhost:3000/invite/tok-${subject.length}">Join</a>`,
  ...extra,
})

for (const dialect of DIALECTS) {
  describe(`the embedded outbox and /dev/mailbox [${dialect}]`, () => {
    let t: TestApp
    let withSmtp: TestApp
    const outboxCount = async () =>
      (await t.ctx.db.selectFrom('outbox_mail').select('id').execute()).length
    const send = async (m: Mail) => {
      const before = await outboxCount()
      await inTransaction(t.ctx.db, (tx) => t.ctx.mailer.enqueueMail(tx, m))
      await waitFor('the mail in the outbox', async () => (await outboxCount()) > before)
    }

    beforeAll(async () => {
      t = await createTestApp(dialect, {}, { overrides: { jobs: { pollMs: 50 } } })
      // nothing listens there: no mail is sent in this suite, the pages must just not exist
      withSmtp = await createTestApp(dialect, { SMTP_URL: 'smtp://127.0.0.1:9' })
      const preview = await png(8, 8)
      await send(mail('first'))
      await send(mail('second <b>bold</b> & co'))
      await send(
        mail('third, with a picture', {
          html: '<html><head></head><body><img src="cid:p1"><a href="http://localhost:3000/invite/t3">Join</a></body></html>',
          headers: { 'List-Unsubscribe': '<http://localhost:3000/unsubscribe/x>' },
          attachments: [
            {
              filename: 'p.png',
              contentType: 'image/png',
              content: preview.toString('base64'),
              cid: 'p1',
            },
          ],
        }),
      )
    })
    afterAll(async () => {
      await t?.close()
      await withSmtp?.close()
    })

    it('lists the kept mail at /dev/mailbox.json, newest first, in the documented shape', async () => {
      const res = await t.app.inject('/dev/mailbox.json')
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toContain('application/json')
      expect(res.headers['cache-control']).toBe('no-store')
      const { items } = res.json() as { items: Record<string, unknown>[] }
      expect(items.map((m) => m.subject)).toEqual([
        'third, with a picture',
        'second <b>bold</b> & co',
        'first',
      ])
      for (const item of items) {
        expect(Object.keys(item).sort()).toEqual(['created_at', 'html', 'subject', 'text', 'to'])
        expect(item.to).toBe('friend@example.com')
        expect(item.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      }
      expect(items[2]).toMatchObject({
        text: 'first: open http://localhost:3000/invite/tok-5 to join.',
        html: '<p>first</p><a href="http://localhost:3000/invite/tok-5">Join</a>',
      })
    })

    it('answers only requests made on this machine', async () => {
      const notFound = (
        await t.app.inject({ url: '/dev/no-such-page', remoteAddress: '127.0.0.1' })
      ).body
      for (const url of [
        '/dev/mailbox',
        '/dev/mailbox.json',
        '/dev/mailbox/1',
        '/dev/mailbox/1/html',
      ]) {
        const remote = await t.app.inject({ url, remoteAddress: '203.0.113.7' })
        expect(remote.statusCode, url).toBe(404)
        expect(remote.body).toBe(notFound.replace('/dev/no-such-page', url))
        // a forged header does not make a remote client local ...
        const forged = await t.app.inject({
          url,
          remoteAddress: '203.0.113.7',
          headers: { 'x-forwarded-for': '127.0.0.1' },
        })
        expect(forged.statusCode, url).toBe(404)
        // ... and a reverse proxy on this machine connects from loopback for anyone
        const proxied = await t.app.inject({
          url,
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': '203.0.113.7' },
        })
        expect(proxied.statusCode, url).toBe(404)
      }
      for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
        const res = await t.app.inject({ url: '/dev/mailbox.json', remoteAddress })
        expect(res.statusCode, remoteAddress).toBe(200)
      }
    })

    it('answers only loopback Host names, so a DNS-rebinding page cannot read it', async () => {
      const listed = await t.app.inject('/dev/mailbox')
      const id = /href="\/dev\/mailbox\/(\d+)"/.exec(listed.body)![1]
      const pages = [
        '/dev/mailbox',
        '/dev/mailbox.json',
        `/dev/mailbox/${id}`,
        `/dev/mailbox/${id}/html`,
      ]
      const notFound = (
        await t.app.inject({ url: '/dev/no-such-page', remoteAddress: '127.0.0.1' })
      ).body
      for (const url of pages) {
        for (const host of [
          'evil.example:3000',
          'evil.example',
          'mailbox.localhost:3000',
          'localhost.evil.example',
          '127.0.0.1.evil.example:3000',
          '[::1].evil.example',
          'localhost:3000:3000',
          'localhost:abc',
          '0.0.0.0:3000',
        ]) {
          const res = await t.app.inject({ url, remoteAddress: '127.0.0.1', headers: { host } })
          expect(res.statusCode, `${url} Host ${host}`).toBe(404)
          expect(res.body, `${url} Host ${host}`).toBe(notFound.replace('/dev/no-such-page', url))
        }
        for (const host of [
          'localhost:3000',
          'LocalHost:3000',
          'localhost',
          '127.0.0.1:3000',
          '127.0.0.1',
          '[::1]:3000',
          '[::1]',
        ]) {
          for (const remoteAddress of ['127.0.0.1', '::1']) {
            const res = await t.app.inject({ url, remoteAddress, headers: { host } })
            expect(res.statusCode, `${url} Host ${host} from ${remoteAddress}`).toBe(200)
          }
        }
        // a loopback Host name from a remote peer is still remote
        const remote = await t.app.inject({
          url,
          remoteAddress: '203.0.113.7',
          headers: { host: 'localhost:3000' },
        })
        expect(remote.statusCode, url).toBe(404)
      }
    })

    it('shows the mailbox as pages: a list, then each mail with clickable links', async () => {
      const list = await t.app.inject('/dev/mailbox')
      expect(list.statusCode).toBe(200)
      expect(list.headers['content-type']).toContain('text/html')
      expect(list.body).toContain('second &lt;b&gt;bold&lt;/b&gt; &amp; co')
      expect(list.body).not.toContain('<b>bold</b>')
      expect(list.body.indexOf('third, with a picture')).toBeLessThan(list.body.indexOf('first'))
      const ids = [...list.body.matchAll(/href="\/dev\/mailbox\/(\d+)"/g)].map((m) => m[1])
      expect(ids).toHaveLength(3)

      const page = await t.app.inject(`/dev/mailbox/${ids[0]}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(
        `<iframe title="the mail's HTML part" src="/dev/mailbox/${ids[0]}/html"`,
      )
      expect(page.body).toContain('sandbox="allow-popups')
      expect(page.body).toContain(
        '<a href="http://localhost:3000/invite/tok-21" rel="noreferrer">http://localhost:3000/invite/tok-21</a>',
      )
      expect(page.body).toContain('List-Unsubscribe')
      expect(page.body).toContain('p.png (image/png, inline)')

      const html = await t.app.inject(`/dev/mailbox/${ids[0]}/html`)
      expect(html.statusCode).toBe(200)
      expect(html.headers['content-security-policy']).toContain('sandbox')
      expect(html.headers['content-security-policy']).toContain("default-src 'none'")
      expect(html.body).toContain('<head><base target="_top"></head>')
      expect(html.body).toContain('<img src="data:image/png;base64,')
      expect(html.body).toContain('<a href="http://localhost:3000/invite/t3">Join</a>')

      expect((await t.app.inject('/dev/mailbox/999999')).statusCode).toBe(404)
      expect((await t.app.inject('/dev/mailbox/abc')).statusCode).toBe(404)
    })

    it('does not exist when SMTP_URL is set, not even for loopback', async () => {
      for (const url of ['/dev/mailbox', '/dev/mailbox.json', '/dev/mailbox/1']) {
        const res = await withSmtp.app.inject({ url, remoteAddress: '127.0.0.1' })
        expect(res.statusCode, url).toBe(404)
      }
      expect(withSmtp.ctx.mailer.outbox).toBeNull()
    })
  })
}
