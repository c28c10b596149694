import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  callAs,
  mailIn,
  makePng,
  PASSWORD,
  shot,
  signUpPerson,
  type Person,
  corkboardSuite,
} from './harness'

const PIN_TITLE = 'Ultralight tent for two'
const NOTE = 'Thought of you for the lake trip!'
const FRIEND = 'newfriend@example.test'

const e2e = corkboardSuite()

const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
  callAs<T>(e2e.server.url, who, method, path, body)

/** The link of the newest invite mail to `to` in the embedded outbox, once the job sent it. */
async function inviteLinkFor(to: string): Promise<string> {
  const link = new RegExp(`${e2e.server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/invite/\\S+`)
  const mail = await mailIn(
    e2e.server.url,
    `invite for ${to}`,
    (m) => m.to === to && link.test(m.text),
  )
  return mail.text.match(link)![0]
}

const referrerPolicy = (page: Page) =>
  page.evaluate(() => document.querySelector('meta[name="referrer"]')?.getAttribute('content'))

describe('Invites in Chromium', () => {
  it('send a pin to an email address; the mailed link signs them up into the conversation', async () => {
    // Setup over the API: Ana and a pin of hers.
    const ana = await signUpPerson(e2e.browser, e2e.server.url, 'ana')
    const board = await call<{ id: string }>(ana, 'POST', '/v5/boards', { name: 'Camping' })
    const png = readFileSync(await makePng(e2e.files)).toString('base64')
    const pin = await call<{ id: string }>(ana, 'POST', '/v5/pins', {
      board_id: board.id,
      title: PIN_TITLE,
      alt_text: 'An orange tent below a mountain',
      media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
    })

    // Ana sends it from the pin page to an address that has no account.
    const a = ana.page
    await a.goto(`${e2e.server.url}/pin/${pin.id}`)
    await a.getByRole('heading', { name: PIN_TITLE }).waitFor()
    await a.getByRole('button', { name: 'Send', exact: true }).click()
    const sheet = a.getByRole('dialog', { name: 'Send this Pin' })
    const to = sheet.getByRole('combobox', { name: 'Send to' })

    // Half an address is refused where it is typed.
    await to.fill('newfriend@example')
    await sheet.getByRole('option', { name: /^Send to newfriend@example\b/ }).click()
    await sheet
      .getByRole('alert')
      .getByText(/is not a whole email address/)
      .waitFor()
    expect(await sheet.locator('.email-chip').count()).toBe(0)

    await to.fill(FRIEND)
    await sheet.getByRole('option', { name: new RegExp(`^Send to ${FRIEND}`) }).waitFor()
    await to.press('Enter')
    await sheet.getByRole('button', { name: `Remove ${FRIEND}` }).waitFor()
    expect(await sheet.getByRole('alert').count()).toBe(0)
    await sheet.getByPlaceholder('Add a note (optional)').fill(NOTE)
    await shot(a, 'i01-share-to-email')
    await sheet.getByRole('button', { name: 'Send', exact: true }).click()
    await sheet.getByText('Sent!').waitFor()
    await sheet
      .getByRole('list', { name: 'Email recipients' })
      .getByText(`Sent to ${FRIEND}`)
      .waitFor()
    await shot(a, 'i02-invitation-sent')

    const link = await inviteLinkFor(FRIEND)

    // Ana opening her own invite's link is told it is for another address, and nothing is used.
    await a.goto(link)
    await a.getByRole('heading', { name: 'ana sent you a Pin' }).waitFor()
    await a.getByText('This invite was sent to another email address.').waitFor()
    expect(await a.getByRole('button', { name: 'Accept invite' }).count()).toBe(0)
    await shot(a, 'i03-landing-wrong-account')

    // The friend opens the link in a browser of their own: who sent what, and "Join".
    const friend = await e2e.browser.newContext({ viewport: { width: 1280, height: 860 } })
    const f = await friend.newPage()
    await f.goto(link)
    await f.getByRole('heading', { name: 'ana sent you a Pin' }).waitFor()
    await f.getByText(NOTE).waitFor()
    const preview = f.getByRole('figure', { name: `Pin: ${PIN_TITLE}` })
    await preview.getByText(PIN_TITLE).waitFor()
    await preview.getByRole('img', { name: 'An orange tent below a mountain' }).waitFor()
    expect(await referrerPolicy(f)).toBe('no-referrer')
    await shot(f, 'i04-landing')

    await f.getByRole('link', { name: 'Join Corkboard' }).click()
    await f.waitForURL(/\/signup\?invite=/)
    const email = f.getByLabel('Email')
    await expect.poll(() => email.inputValue()).toBe(FRIEND)
    await f.getByLabel('Username').fill('newfriend')
    await f.getByLabel('Password').fill(PASSWORD)
    await shot(f, 'i05-signup-from-invite')
    await f.getByRole('button', { name: 'Sign up' }).click()

    // Straight into the conversation with Ana, the pin and her note in it.
    await f.waitForURL(/\/messages\/\d+$/)
    const messages = f.locator('.msg-list')
    await messages.getByRole('article', { name: `Pin: ${PIN_TITLE}` }).waitFor({ timeout: 10_000 })
    await messages.getByText(NOTE).waitFor()
    await f.getByRole('heading', { name: 'ana', exact: true }).waitFor()
    await shot(f, 'i06-conversation')

    // They follow each other now, and Ana has the conversation too.
    const anaFollowing = await call<{ items: { username: string }[] }>(
      ana,
      'GET',
      '/v5/user_account/following',
    )
    expect(anaFollowing.items.map((u) => u.username)).toContain('newfriend')
    const conversationId = f.url().split('/').pop()
    const conversations = await call<{ items: { id: string }[] }>(ana, 'GET', '/v5/conversations')
    expect(conversations.items.map((c) => c.id)).toContain(conversationId)

    // The link worked once: opened again, it says so.
    await f.goto(link)
    await f.getByRole('heading', { name: 'This invite has already been used' }).waitFor()
    await f.getByRole('link', { name: 'Open your messages' }).waitFor()
    await shot(f, 'i07-invite-used')

    await friend.close()
    await ana.context.close()
  })
})
