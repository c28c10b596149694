import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  callAs,
  launchChromium,
  makePng,
  shot,
  signUpPerson,
  tempDir,
  type Person,
} from './harness'
import { freePort } from '../support/ports'
import { ServerProcess } from '../support/server-process'

const PIN_TITLE = 'Ultralight tent for the lake trip'

/** The server of this suite: killed half-way and started again on the same port and data. */
let server: ServerProcess
let browser: Browser
let files: string
let dataDir: string

const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
  callAs<T>(server.url, who, method, path, body)

const person = (username: string, width?: number, height?: number) =>
  signUpPerson(browser, server.url, username, width, height)

/** Messages in a page's open conversation whose text is exactly `text`. */
function bubbles(page: Page, text: string) {
  return page.locator('.msg-list .bubble', { hasText: new RegExp(`^${text}$`) })
}

describe('Messages in Chromium', () => {
  beforeAll(async () => {
    files = tempDir()
    dataDir = mkdtempSync(join(tmpdir(), 'corkboard-e2e-msg-'))
    server = new ServerProcess(await freePort(), {
      DATA_DIR: dataDir,
      // The scroll-back part sends 45 messages at once, over the per-person burst limit.
      MESSAGE_RATE_LIMITS: 'off',
    })
    ;[browser] = await Promise.all([launchChromium(), server.start()])
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    if (files) rmSync(files, { recursive: true, force: true })
  })

  it('send a pin, live delivery, card save, groups, typing, read markers, restart', async () => {
    // Setup over the API: three people who all follow each other, a board and a pin.
    const ana = await person('ana')
    const bea = await person('bea')
    const cy = await person('cal')
    for (const a of [ana, bea, cy]) {
      for (const b of [ana, bea, cy]) {
        if (a !== b) await call(a, 'POST', `/v5/user_account/following/${b.username}`)
      }
    }
    const camping = await call<{ id: string }>(ana, 'POST', '/v5/boards', { name: 'Camping' })
    await call(bea, 'POST', '/v5/boards', { name: 'Lake ideas' })
    const png = readFileSync(await makePng(files)).toString('base64')
    const pin = await call<{ id: string }>(ana, 'POST', '/v5/pins', {
      board_id: camping.id,
      title: PIN_TITLE,
      description: 'Two people, 900 g, pitches in five minutes.',
      link: 'https://gear.example.com/tents/ultralight',
      alt_text: 'An orange tent below a mountain',
      media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
    })

    const a = ana.page
    const b = bea.page
    const c = cy.page
    await b.goto(`${server.url}/`)
    await b.getByRole('link', { name: 'Messages', exact: true }).waitFor()

    // Ana sends the pin to Bea from the pin page, through the share sheet.
    await a.goto(`${server.url}/pin/${pin.id}`)
    await a.getByRole('heading', { name: PIN_TITLE }).waitFor()
    await a.getByRole('button', { name: 'Send', exact: true }).click()
    const sheet = a.getByRole('dialog', { name: 'Send this Pin' })
    await sheet.getByRole('combobox', { name: 'Send to' }).fill('be')
    await sheet.getByRole('option', { name: /bea/ }).click()
    await sheet.getByPlaceholder('Add a note (optional)').fill('For the lake trip?')
    await shot(a, 'm01-share-sheet')
    await sheet.getByRole('button', { name: 'Send', exact: true }).click()
    await sheet.getByText('Sent!').waitFor()
    await shot(a, 'm02-share-sent')
    await sheet.getByRole('link', { name: /Open conversation with bea/ }).click()
    await a.waitForURL(/\/messages\/\d+$/)
    const pairUrl = a.url()

    // Bea sees it live: a badge on the header's Messages icon.
    const badge = b.getByRole('link', { name: 'Messages, 1 unread' })
    await badge.waitFor({ timeout: 10_000 })
    await shot(b, 'm03-unread-badge')
    await badge.click()
    const panel = b.getByRole('dialog', { name: 'Messages' })
    await panel.getByRole('button', { name: /ana/ }).click()
    const card = panel.getByRole('article', { name: `Pin: ${PIN_TITLE}` })
    await card.waitFor()
    await panel.getByText('For the lake trip?').waitFor()
    await b.getByRole('link', { name: 'Messages', exact: true }).waitFor()
    await shot(b, 'm04-panel-conversation')

    // She saves it to her board from the card, without leaving the conversation.
    await card.getByRole('button', { name: 'Save', exact: true }).click()
    await b.getByText('Saved to Lake ideas').waitFor()
    await card.getByLabel('1 saves').waitFor()
    // …and replies.
    const bComposer = panel.getByRole('textbox', { name: 'Message' })
    await bComposer.fill('Love it, saved!')
    await bComposer.press('Enter')
    await bubbles(b, 'Love it, saved!').waitFor()
    await shot(b, 'm05-saved-and-replied')

    // Ana sees the reply live, and the save count on her card.
    await bubbles(a, 'Love it, saved!').waitFor({ timeout: 10_000 })
    await a
      .getByRole('article', { name: `Pin: ${PIN_TITLE}` })
      .getByLabel('1 saves')
      .waitFor()
    await a
      .getByText('Seen', { exact: true })
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined)
    await shot(a, 'm06-reply-live')
    expect(pairUrl).toMatch(/\/messages\/\d+$/)

    // A group of three.
    const group = await call<{ id: string }>(ana, 'POST', '/v5/conversations', {
      participants: ['bea', 'cal'],
      title: 'Lake crew',
    })
    const groupUrl = `${server.url}/messages/${group.id}`
    await Promise.all([a.goto(groupUrl), b.goto(groupUrl), c.goto(groupUrl)])
    for (const p of [a, b, c]) await p.getByRole('heading', { name: 'Lake crew' }).waitFor()

    const aComposer = a.getByRole('textbox', { name: 'Message' })
    await aComposer.pressSequentially('Tent or cab', { delay: 30 })
    await b.getByText('ana is typing…').waitFor({ timeout: 5000 })
    await c.getByText('ana is typing…').waitFor({ timeout: 5000 })
    await shot(c, 'm07-typing')
    await aComposer.pressSequentially('in?')
    await aComposer.press('Enter')
    for (const p of [a, b, c]) await bubbles(p, 'Tent or cabin\\?').waitFor({ timeout: 10_000 })
    await a.getByText(/Seen by (bea, cal|cal, bea)/).waitFor({ timeout: 10_000 })
    await shot(a, 'm08-group-seen')

    const cComposer = c.getByRole('textbox', { name: 'Message' })
    await cComposer.fill('Tent! Obviously.')
    await cComposer.press('Enter')
    for (const p of [a, b, c]) await bubbles(p, 'Tent! Obviously.').waitFor({ timeout: 10_000 })
    // "ana is typing…" has expired by now.
    await expect.poll(() => b.getByText('ana is typing…').count(), { timeout: 6000 }).toBe(0)
    await shot(b, 'm09-group-bea')

    // The server dies while everyone is connected.
    await server.kill('SIGKILL')
    for (const p of [a, b, c]) {
      await p.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 10_000 })
    }
    const bComposerGroup = b.getByRole('textbox', { name: 'Message' })
    await bComposerGroup.fill('Sent while the server was down')
    await bComposerGroup.press('Enter')
    await b.getByText(/Not sent/).waitFor({ timeout: 10_000 })
    await shot(b, 'm10-reconnecting')

    await server.start()
    // Written before the clients are back: they get it by resuming from their cursor.
    await call(cy, 'POST', `/v5/conversations/${group.id}/messages`, {
      client_message_id: 'e2e-after-restart-1',
      text: 'Back up, from the API',
    })
    for (const p of [a, b, c]) {
      await expect
        .poll(() => p.getByRole('status').filter({ hasText: 'Reconnecting…' }).count(), {
          timeout: 30_000,
        })
        .toBe(0)
    }
    await aComposer.fill('Glad you are all back')
    await aComposer.press('Enter')

    const texts = [
      'Tent or cabin\\?',
      'Tent! Obviously.',
      'Sent while the server was down',
      'Back up, from the API',
      'Glad you are all back',
    ]
    for (const p of [a, b, c]) {
      for (const t of texts) await bubbles(p, t).first().waitFor({ timeout: 15_000 })
    }
    // The server's own view: five messages, gapless seqs (the one queued offline went out
    // when the socket came back, so after the API's).
    const history = await call<{ items: { seq: number; text: string }[] }>(
      ana,
      'GET',
      `/v5/conversations/${group.id}/messages?page_size=50`,
    )
    expect(history.items.map((m) => m.seq)).toEqual([5, 4, 3, 2, 1])
    const serverOrder = history.items.map((m) => m.text).reverse()
    expect([...serverOrder].sort()).toEqual(
      [
        'Tent or cabin?',
        'Tent! Obviously.',
        'Sent while the server was down',
        'Back up, from the API',
        'Glad you are all back',
      ].sort(),
    )
    // Every client: nothing missing, nothing twice, in the server's order, nothing pending.
    for (const p of [a, b, c]) {
      for (const t of texts) expect(await bubbles(p, t).count()).toBe(1)
      await expect.poll(() => p.locator('.msg-row.pending').count()).toBe(0)
      expect(await p.locator('.msg-list .bubble').allTextContents()).toEqual(serverOrder)
    }
    await shot(a, 'm11-after-restart-ana')
    await shot(c, 'm12-after-restart-cal')

    // The inbox, and a phone.
    await a.goto(`${server.url}/messages`)
    await a.getByRole('button', { name: /Lake crew/ }).waitFor()
    await shot(a, 'm13-inbox')
    await b.setViewportSize({ width: 375, height: 812 })
    await b.goto(groupUrl)
    await bubbles(b, 'Glad you are all back').waitFor()
    await shot(b, 'm14-phone-conversation')
    expect(await b.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await b.goto(`${server.url}/messages`)
    await b.getByRole('button', { name: /Lake crew/ }).waitFor()
    await shot(b, 'm15-phone-inbox')

    // Group details.
    await a.goto(groupUrl)
    await a.getByRole('button', { name: 'Conversation details' }).click()
    await a.getByRole('dialog', { name: 'Group details' }).getByText('3 people').waitFor()
    await shot(a, 'm16-group-details')

    // Infinite scroll back: a long 1:1 history loads page by page, oldest first on screen.
    const pairId = pairUrl.split('/').pop()!
    for (let i = 1; i <= 45; i++) {
      await call(ana, 'POST', `/v5/conversations/${pairId}/messages`, {
        client_message_id: `e2e-history-${i}`,
        text: `Old note ${i}`,
      })
    }
    await b.setViewportSize({ width: 1280, height: 860 })
    await b.goto(pairUrl)
    await bubbles(b, 'Old note 45').waitFor()
    // Opened at the bottom, so read: no unread count left on it in the inbox.
    await expect
      .poll(() =>
        b
          .getByRole('button', { name: /ana/ })
          .getByLabel(/unread/)
          .count(),
      )
      .toBe(0)
    expect(await bubbles(b, 'For the lake trip\\?').count()).toBe(0)
    for (let i = 0; i < 10 && (await bubbles(b, 'For the lake trip\\?').count()) === 0; i++) {
      await b.locator('.msg-scroll').evaluate((el) => el.scrollTo(0, 0))
      await b.waitForTimeout(300)
    }
    await bubbles(b, 'For the lake trip\\?').waitFor()
    expect(await b.locator('.msg-list .bubble').count()).toBe(47)
    await shot(b, 'm17-scrolled-back')

    for (const p of [ana, bea, cy]) await p.context.close()
  })
})
