import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  callAs,
  corkboardSuite,
  holdBoards,
  makePng,
  shot,
  signUpPerson,
  type Person,
} from './harness'
import {
  boxesOverlap,
  expectInsideViewport,
  focused,
  pickerWithBoards,
  unobstructedBoards,
} from './layout-checks'

// Issue 14, items 3 and 8: one popover that stays inside the viewport (board picker on pin
// cards and message cards, menus), the "Saved" toast clear of the composer, and the keyboard
// (dialogs, menus, the messages panel).

const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

const BOARDS = ['Lake ideas', 'Camping', 'Kitchen', 'Garden', 'Reading']
const PIN_TITLE = 'Canoe at dawn'

const suite = corkboardSuite({ RATE_LIMIT_PER_MINUTE: '100000', MESSAGE_RATE_LIMITS: 'off' })

let ana: Person
let bea: Person
let boardId: string
let pinId: string
let conversationId: string

const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
  callAs<T>(suite.server.url, who, method, path, body)

describe('Popovers, toasts and keyboard in Chromium', () => {
  beforeAll(async () => {
    const url = suite.server.url
    ana = await signUpPerson(suite.browser, url, 'ana')
    bea = await signUpPerson(suite.browser, url, 'bea')
    for (const p of [ana, bea]) {
      // A finished first sign-in, so pages open as they are (ignored where not offered).
      await call(p, 'POST', '/v5/onboarding/complete', {}).catch(() => undefined)
    }
    await call(ana, 'POST', '/v5/user_account/following/bea')
    await call(bea, 'POST', '/v5/user_account/following/ana')
    for (const name of BOARDS) await call(bea, 'POST', '/v5/boards', { name })
    const board = await call<{ id: string }>(ana, 'POST', '/v5/boards', { name: 'Paddling' })
    boardId = board.id
    const data = readFileSync(await makePng(suite.files)).toString('base64')
    // Enough pins that the board page scrolls at both widths.
    for (let i = 0; i < 16; i++) {
      const pin = await call<{ id: string }>(ana, 'POST', '/v5/pins', {
        board_id: boardId,
        title: i === 0 ? PIN_TITLE : `Paddle trip ${i}`,
        alt_text: 'A canoe on a still lake',
        media_source: { source_type: 'image_base64', content_type: 'image/png', data },
      })
      if (i === 0) pinId = pin.id
    }
    const conversation = await call<{ id: string }>(ana, 'POST', '/v5/conversations', {
      participants: ['bea'],
    })
    conversationId = conversation.id
    const send = (n: number, body: object) =>
      call(ana, 'POST', `/v5/conversations/${conversationId}/messages`, {
        client_message_id: `m${n}`,
        ...body,
      })
    await send(1, { text: 'Look what I found' })
    await send(2, { attachment: { type: 'pin', id: pinId } })
    await send(3, { text: 'Save it somewhere?' })
  })

  describe.each(VIEWPORTS)('at $width×$height', ({ name, width, height }) => {
    it('the board picker on a pin card stays inside the viewport, at the edges too', async () => {
      const page = bea.page
      await page.setViewportSize({ width, height })
      await page.goto(`${suite.server.url}/board/${boardId}`)
      const cards = page.locator('.pin-card')
      await cards.nth(15).waitFor()

      // The card furthest right in the first row (on a phone, its picker would run off).
      const boxes = await cards.evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect()
          return { x: r.x, y: r.y, right: r.right }
        }),
      )
      const top = Math.min(...boxes.map((b) => b.y))
      const firstRow = boxes.map((b, i) => ({ ...b, i })).filter((b) => b.y < top + 2)
      const rightmost = firstRow.sort((a, b) => b.right - a.right)[0]!.i
      const card = cards.nth(rightmost)
      await card.hover()
      await card.locator('.board-picker-button').click()
      const picker = page.getByRole('dialog', { name: 'Save to board' })
      await pickerWithBoards(picker)
      await expectInsideViewport(page, picker, 'picker on the rightmost card')
      expect(await unobstructedBoards(picker)).toBeGreaterThanOrEqual(3)
      // Focus is in the picker, and Escape gives it back to the picker's button.
      expect((await focused(page)).inPopover).toBe(true)
      await shot(page, `pk-${name}-card-right`)
      await page.keyboard.press('Escape')
      await picker.waitFor({ state: 'detached' })
      const button = card.locator('.board-picker-button')
      expect(await button.evaluate((b) => b === document.activeElement)).toBe(true)
      // Focus leaving it (Shift+Tab from its first board, back to its button) closes it too.
      await page.keyboard.press('Enter')
      await pickerWithBoards(picker)
      expect((await focused(page)).inPopover).toBe(true)
      await page.keyboard.press('Shift+Tab')
      await picker.waitFor({ state: 'detached' })
      expect(await button.evaluate((b) => b === document.activeElement)).toBe(true)

      // A card whose picker button sits near the bottom of the screen: it opens upwards.
      const lowIndex = await cards.evaluateAll((els) => {
        const maxScroll = document.documentElement.scrollHeight - window.innerHeight
        const wanted = (el: Element) =>
          el.getBoundingClientRect().top + window.scrollY - (window.innerHeight - 90)
        const scrolls = els.map(wanted)
        let best = 0
        scrolls.forEach((s, i) => {
          const fit = (x: number) => Math.abs(Math.min(Math.max(x, 0), maxScroll) - x)
          if (fit(s) < fit(scrolls[best]!)) best = i
        })
        window.scrollTo(0, scrolls[best]!)
        return best
      })
      // By the mouse, at the button's place: a locator's click would scroll it to the middle.
      const low = cards.nth(lowIndex)
      const lowBox = await low.locator('.board-picker-button').evaluate((el) => {
        const r = el.getBoundingClientRect()
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 }
      })
      expect(lowBox.y, 'a picker button near the bottom edge').toBeGreaterThan(height - 160)
      await page.mouse.move(lowBox.x, lowBox.y)
      await page.mouse.click(lowBox.x, lowBox.y)
      await pickerWithBoards(picker)
      await expectInsideViewport(page, picker, 'picker near the bottom edge')
      expect(await unobstructedBoards(picker)).toBeGreaterThanOrEqual(3)
      await shot(page, `pk-${name}-card-bottom`)
      // A press elsewhere closes it.
      await page.mouse.click(2, Math.round(height / 2))
      await picker.waitFor({ state: 'detached' })
    })

    it('the board picker on a message card is not clipped; the toast clears the composer', async () => {
      const page = bea.page
      await page.setViewportSize({ width, height })
      // One's boards come only once the picker is open (a slow network): the picker opens
      // small ("Loading your boards…") and must still grow to show them, flipping if need be.
      const release = await holdBoards(page)
      await page.goto(`${suite.server.url}/messages/${conversationId}`)
      const card = page.getByRole('article', { name: `Pin: ${PIN_TITLE}` })
      await card.waitFor()
      await page.locator('.msg-list .bubble', { hasText: 'Save it somewhere?' }).waitFor()
      await card.locator('.board-picker-button').click()
      const picker = page.getByRole('dialog', { name: 'Save to board' })
      await picker.getByRole('status').filter({ hasText: 'Loading your boards' }).waitFor()
      await release()
      await pickerWithBoards(picker)
      await expectInsideViewport(page, picker, 'picker on a message card')
      // Several boards visible: not cut to one by the scrolling message list, nor kept in the
      // small box it opened as (it places itself again as it grows, a frame later).
      await expect.poll(() => unobstructedBoards(picker)).toBeGreaterThanOrEqual(3)
      await shot(page, `pk-${name}-message-card`)

      const board = name === 'desktop' ? BOARDS[1]! : BOARDS[2]!
      await picker.getByRole('button', { name: board }).click()
      const toast = page.locator('.toast', { hasText: `Saved to ${board}` })
      await toast.waitFor()
      await page.waitForTimeout(250) // the toast's entrance
      const composer = page.locator('.composer')
      const [toastBox, composerBox] = await Promise.all([
        toast.boundingBox(),
        composer.boundingBox(),
      ])
      expect(toastBox && composerBox).toBeTruthy()
      expect(boxesOverlap(toastBox!, composerBox!), 'the toast covers the composer').toBe(false)
      await expectInsideViewport(page, toast, 'toast')
      await shot(page, `pk-${name}-saved-toast`)
    })

    it('menus and dialogs: arrows, Tab, first field, trapped focus, Esc, focus back', async () => {
      const page = ana.page
      await page.setViewportSize({ width, height })
      await page.goto(`${suite.server.url}/pin/${pinId}`)
      await page.getByRole('heading', { name: PIN_TITLE }).waitFor()

      // The close-up's own board picker (at the right, low on a phone) stays on screen too.
      await page.locator('.closeup-actions .board-picker-button').click()
      const picker = page.getByRole('dialog', { name: 'Save to board' })
      await pickerWithBoards(picker)
      await expectInsideViewport(page, picker, 'picker on the close-up')
      expect(await unobstructedBoards(picker)).toBeGreaterThanOrEqual(1)
      await shot(page, `pk-${name}-closeup-picker`)
      await page.keyboard.press('Escape')
      await picker.waitFor({ state: 'detached' })

      // The pin's menu: opened from the keyboard, the first item takes focus, arrows move.
      const more = page.getByRole('button', { name: 'More options' })
      await more.focus()
      await page.keyboard.press('Enter')
      const menu = page.getByRole('menu', { name: 'More options' })
      await menu.waitFor()
      await expectInsideViewport(page, menu, 'pin menu')
      expect(await focused(page)).toMatchObject({ role: 'menuitem', label: 'Edit pin' })
      await page.keyboard.press('ArrowDown')
      expect((await focused(page)).label).toBe('Delete pin')
      await page.keyboard.press('ArrowDown')
      expect((await focused(page)).label).toBe('Edit pin')

      // Tab leaves the menu: it closes, and focus goes on from its button.
      await page.keyboard.press('Tab')
      await menu.waitFor({ state: 'detached' })
      const afterTab = await focused(page)
      expect(afterTab.isBody).toBe(false)
      expect(afterTab.label).not.toBe('More options')

      // The edit dialog from the menu: first field focused (not ✕), Tab trapped, Esc closes,
      // focus back on the menu's button.
      await more.click()
      await menu.getByRole('menuitem', { name: 'Edit pin' }).click()
      const dialog = page.getByRole('dialog', { name: 'Edit this pin' })
      await dialog.waitFor()
      const first = await focused(page)
      expect(first.inDialog).toBe(true)
      expect(['INPUT', 'TEXTAREA', 'SELECT']).toContain(first.tag)
      expect(first.label).not.toBe('Close')
      await shot(page, `pk-${name}-edit-dialog`)
      for (let i = 0; i < 14; i++) {
        await page.keyboard.press('Tab')
        expect((await focused(page)).inDialog, `Tab ${i + 1} left the dialog`).toBe(true)
      }
      for (let i = 0; i < 14; i++) {
        await page.keyboard.press('Shift+Tab')
        expect((await focused(page)).inDialog, `Shift+Tab ${i + 1} left the dialog`).toBe(true)
      }
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
      expect(await more.evaluate((b) => b === document.activeElement)).toBe(true)

      // Focus leaving a menu by a press elsewhere closes it too.
      await more.click()
      await menu.waitFor()
      await page.getByRole('heading', { name: PIN_TITLE }).click()
      await menu.waitFor({ state: 'detached' })

      // The account menu at the header's edge stays on screen.
      await page.getByRole('button', { name: 'Your account' }).click()
      const account = page.getByRole('menu', { name: 'Your account' })
      await account.waitFor()
      await expectInsideViewport(page, account, 'account menu')
      await shot(page, `pk-${name}-account-menu`)
      await page.keyboard.press('Escape')
      await account.waitFor({ state: 'detached' })
      expect((await focused(page)).label).toBe('Your account')

      // A dialog opened from the messages page: its first field, and back to its opener.
      await page.goto(`${suite.server.url}/messages`)
      const newMessage = page.getByRole('button', { name: 'New message' }).first()
      await newMessage.focus()
      await page.keyboard.press('Enter')
      const compose = page.getByRole('dialog', { name: 'New message' })
      await compose.waitFor()
      const field = await focused(page)
      expect(field).toMatchObject({ inDialog: true, tag: 'INPUT' })
      await page.keyboard.press('Escape')
      await compose.waitFor({ state: 'hidden' })
      expect(await newMessage.evaluate((b) => b === document.activeElement)).toBe(true)

      // Opening a conversation from the keyboard: focus is never dropped to the page's start
      // (on a phone the inbox hides, and focus goes to the composer); Back returns to the row.
      const row = page.locator('.inbox-item', { hasText: 'bea' })
      await row.focus()
      await page.keyboard.press('Enter')
      await page.getByRole('textbox', { name: 'Message' }).waitFor()
      await page.waitForFunction(() => document.activeElement !== document.body)
      const opened = await focused(page)
      if (name === 'phone') expect(opened.tag).toBe('TEXTAREA')
      if (name === 'phone') {
        await page.getByRole('button', { name: 'Back to conversations' }).click()
        await page.waitForFunction(() => document.activeElement?.classList.contains('inbox-item'))
      }
    })
  })

  it('the messages panel keeps focus when a conversation opens, and on the way back', async () => {
    const page = bea.page
    await page.setViewportSize({ width: 1366, height: 900 })
    await page.goto(`${suite.server.url}/`)
    await page.getByRole('link', { name: /^Messages/ }).click()
    const panel = page.getByRole('dialog', { name: 'Messages' })
    await panel.waitFor()
    const row = panel.getByRole('button', { name: /ana/ })
    await row.focus()
    await page.keyboard.press('Enter')
    await panel.getByRole('textbox', { name: 'Message' }).waitFor()
    await page.waitForFunction(() => document.activeElement?.closest('.messages-panel') !== null)
    expect(await focused(page)).toMatchObject({ inPanel: true, tag: 'TEXTAREA' })
    await page.keyboard.type('typed straight away')
    expect(await panel.getByRole('textbox', { name: 'Message' }).inputValue()).toBe(
      'typed straight away',
    )

    // The card's picker opens over the panel (not clipped by it) and a pick keeps it open.
    const card = panel.getByRole('article', { name: `Pin: ${PIN_TITLE}` })
    await card.locator('.board-picker-button').click()
    const picker = page.getByRole('dialog', { name: 'Save to board' })
    await pickerWithBoards(picker)
    await expectInsideViewport(page, picker, 'picker in the panel')
    expect(await unobstructedBoards(picker)).toBeGreaterThanOrEqual(3)
    await shot(page, 'pk-desktop-panel-picker')
    await picker.getByRole('button', { name: BOARDS[3]! }).click()
    await page.locator('.toast', { hasText: `Saved to ${BOARDS[3]}` }).waitFor()
    expect(await panel.isVisible()).toBe(true)

    // Back to the inbox: focus on the row the conversation was opened from.
    await panel.getByRole('button', { name: 'Back to conversations' }).focus()
    await page.keyboard.press('Enter')
    await row.waitFor()
    await page.waitForFunction(() => document.activeElement?.classList.contains('inbox-item'))
    expect((await focused(page)).inPanel).toBe(true)
  })
})
