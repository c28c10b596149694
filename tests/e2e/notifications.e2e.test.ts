import { describe, expect, it } from 'vitest'
import { callAs, mailIn, shot, signUpPerson, type Person, corkboardSuite } from './harness'

const e2e = corkboardSuite({ UNREAD_DIGEST_DELAY: '2s' })

const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
  callAs<T>(e2e.server.url, who, method, path, body)

describe('Unread-message emails in Chromium', () => {
  it('a digest comes while away; its link unsubscribes without logging in; settings turn it back on', async () => {
    const ana = await signUpPerson(e2e.browser, e2e.server.url, 'ana')
    const ben = await signUpPerson(e2e.browser, e2e.server.url, 'ben')
    await call(ana, 'POST', '/v5/user_account/following/ben')
    await call(ben, 'POST', '/v5/user_account/following/ana')
    const conversation = await call<{ id: string }>(ana, 'POST', '/v5/conversations', {
      participants: ['ben'],
    })
    await call(ana, 'POST', `/v5/conversations/${conversation.id}/messages`, {
      client_message_id: 'e2e-digest-1',
      text: 'Are we still on for Saturday?',
    })

    // Ben has no page open: after the delay, one email.
    const digest = await mailIn(
      e2e.server.url,
      'digest for ben',
      (m) => m.to === 'ben@example.test' && m.subject === 'ana sent you a message',
    )
    expect(digest.text).toContain('Are we still on for Saturday?')
    const link = /Stop these emails: (\S+)/.exec(digest.text)![1]!
    expect(link.startsWith(`${e2e.server.url}/unsubscribe/`)).toBe(true)

    // The mailbox page shows it as a mail client would.
    const viewer = await e2e.browser.newContext({ viewport: { width: 1100, height: 900 } })
    const mailbox = await viewer.newPage()
    await mailbox.goto(`${e2e.server.url}/dev/mailbox`)
    await mailbox.getByText('ana sent you a message').first().click()
    await mailbox.waitForLoadState()
    await shot(mailbox, 'n01-digest-in-mailbox', true)

    // The link, opened where nobody is logged in: a question, then one click.
    const stranger = await e2e.browser.newContext({ viewport: { width: 1280, height: 860 } })
    const page = await stranger.newPage()
    await page.goto(link)
    await page.getByRole('heading', { name: 'Stop emails about unread messages?' }).waitFor()
    await page.getByText('@ben').waitFor()
    await shot(page, 'n02-unsubscribe')
    const before = await call<{ unread_digest_email: boolean }>(ben, 'GET', '/v5/user_account')
    expect(before.unread_digest_email).toBe(true) // opening the page changed nothing
    await page.getByRole('button', { name: 'Unsubscribe' }).click()
    await page.getByRole('heading', { name: 'You’re unsubscribed' }).waitFor()
    await shot(page, 'n03-unsubscribed')
    const after = await call<{ unread_digest_email: boolean }>(ben, 'GET', '/v5/user_account')
    expect(after.unread_digest_email).toBe(false)

    // Ben, logged in, finds it in his settings and turns the emails back on.
    const b = ben.page
    await b.goto(`${e2e.server.url}/settings/notifications`)
    await b.getByRole('heading', { name: 'Email notifications' }).waitFor()
    const off = b.getByRole('radio', { name: /No emails about messages/ })
    await expect.poll(() => off.isChecked()).toBe(true)
    await b.getByRole('radio', { name: /Email me about unread messages/ }).check()
    await b.getByText('Notification settings saved').waitFor()
    await shot(b, 'n04-notification-settings')
    const again = await call<{ unread_digest_email: boolean }>(ben, 'GET', '/v5/user_account')
    expect(again.unread_digest_email).toBe(true)
  })
})
