import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { callAs, corkboardSuite, makePng, shot, signUpPerson, type Person } from './harness'

const PIN_TITLE = 'Ultralight tent for the lake trip'

describe('Credit and déjà vu in Chromium', () => {
  const suite = corkboardSuite({ RATE_LIMIT_PER_MINUTE: '100000' })
  const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
    callAs<T>(suite.server.url, who, method, path, body)

  it('ben saves ana’s pin from the card: ana sees the credit live; sending it again says déjà vu', async () => {
    const { server, browser } = suite
    const ana = await signUpPerson(browser, server.url, 'ana', 1366, 900)
    const ben = await signUpPerson(browser, server.url, 'ben', 390, 844)
    await call(ana, 'POST', `/v5/user_account/following/ben`)
    await call(ben, 'POST', `/v5/user_account/following/ana`)
    const camping = await call<{ id: string }>(ana, 'POST', '/v5/boards', { name: 'Tents' })
    const benBoard = await call<{ id: string }>(ben, 'POST', '/v5/boards', { name: 'Camping' })
    const png = readFileSync(await makePng(suite.files)).toString('base64')
    const pin = await call<{ id: string }>(ana, 'POST', '/v5/pins', {
      board_id: camping.id,
      title: PIN_TITLE,
      alt_text: 'An orange tent below a mountain',
      media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
    })
    const conversation = await call<{ id: string }>(ana, 'POST', '/v5/conversations', {
      participants: ['ben'],
    })
    const sent = await call<{ id: string }>(
      ana,
      'POST',
      `/v5/conversations/${conversation.id}/messages`,
      { client_message_id: 'e2e-pin-1', attachment: { type: 'pin', id: pin.id } },
    )
    await call(ana, 'POST', `/v5/conversations/${conversation.id}/messages`, {
      client_message_id: 'e2e-text-1',
      text: 'For the lake trip?',
    })
    const url = `${server.url}/messages/${conversation.id}`
    const a = ana.page
    const b = ben.page
    await Promise.all([a.goto(url), b.goto(url)])

    // Ben saves it from the card (phone width); Ana's own message gets the credit live.
    // Ana's tab is live (her socket brought Ben's read marker) before Ben saves.
    await a.getByText('Seen', { exact: true }).waitFor({ timeout: 15_000 })
    const card = b.getByRole('article', { name: `Pin: ${PIN_TITLE}` })
    await card.getByRole('button', { name: 'Save', exact: true }).click()
    await b.getByText('Saved to Camping').waitFor()
    const credit = a.locator('.msg-credit')
    await credit.getByText('saved this to').waitFor({ timeout: 10_000 })
    expect(await credit.innerText()).toMatch(/ben saved this to Camping/)
    await expect(credit.getByRole('link', { name: 'Camping' }).getAttribute('href')).resolves.toBe(
      `/board/${benBoard.id}`,
    )
    // only the sender sees it
    expect(await b.locator('.msg-credit').count()).toBe(0)
    await shot(a, 'credit-desktop')

    // Ana picks the same pin again in the composer's search: déjà vu, and she may send it anyway.
    for (const [who, page, name] of [
      [ana, a, 'deja-vu-desktop'],
      [ben, b, 'deja-vu-phone'],
    ] as const) {
      await page.getByRole('button', { name: 'Search pins' }).click()
      await page.getByRole('searchbox', { name: 'Search pins to send' }).fill('ultralight tent')
      await page
        .getByRole('button', { name: `Send ${PIN_TITLE}` })
        .first()
        .click()
      const notice = page.getByRole('alertdialog')
      await notice.waitFor()
      expect(await notice.innerText()).toMatch(
        who === ana ? /Already shared by you on/ : /Already shared by ana on/,
      )
      // nothing wider than the screen
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true)
      await shot(page, name)
    }

    // "View" brings the earlier message into view; "Send anyway" sends it.
    await a.getByRole('alertdialog').getByRole('button', { name: 'View' }).click()
    await a.locator(`[data-message-id="${sent.id}"]`).waitFor()
    // Esc (keyboard) sends nothing and gives focus back to the pin picked
    await a.getByRole('alertdialog').getByRole('button', { name: 'Send anyway' }).focus()
    await a.keyboard.press('Escape')
    await a.getByRole('alertdialog').waitFor({ state: 'detached' })
    expect(await a.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null)).toBe(
      `Send ${PIN_TITLE}`,
    )
    await b.getByRole('button', { name: 'Send anyway' }).click()
    await b.getByRole('alertdialog').waitFor({ state: 'detached' })
    await a
      .getByRole('article', { name: `Pin: ${PIN_TITLE}` })
      .nth(1)
      .waitFor({ timeout: 10_000 })
    await shot(b, 'deja-vu-sent-phone')

    // The share sheet of a pin says so too, for a conversation the pin is already in.
    for (const [page, other, name] of [
      [a, 'ben', 'share-deja-vu-desktop'],
      [b, 'ana', 'share-deja-vu-phone'],
    ] as const) {
      await page.goto(`${server.url}/pin/${pin.id}`)
      await page.getByRole('heading', { name: PIN_TITLE }).waitFor()
      await page.getByRole('button', { name: 'Send', exact: true }).click()
      const sheet = page.getByRole('dialog', { name: 'Send this Pin' })
      await sheet.getByRole('combobox', { name: 'Send to' }).fill(other.slice(0, 2))
      await sheet.getByRole('option', { name: new RegExp(other) }).click()
      const note = sheet.getByRole('list', { name: 'Already shared' })
      await note.waitFor()
      expect(await note.innerText()).toMatch(
        other === 'ben'
          ? /ben already shared this with you on/
          : /You already shared this with ana on/,
      )
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        ),
      ).toBe(true)
      await shot(page, name)
    }
    // "View" goes to the conversation
    await b
      .getByRole('list', { name: 'Already shared' })
      .getByRole('link', { name: 'View' })
      .click()
    await b.waitForURL(new RegExp(`/messages/${conversation.id}$`))
  })
})
