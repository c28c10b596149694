import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { callAs, corkboardSuite, shot, signUpPerson, type Person } from './harness'
import { expectAccessible, expectInsideViewport, focused } from './layout-checks'

// Reactions, replies, edit and unsend in a group of three (issue 17): what one does, the
// others see live; by mouse, by keyboard, and on a phone.

const suite = corkboardSuite({
  RATE_LIMIT_PER_MINUTE: '100000',
  // the history below is written at once, over the per-person burst limit
  MESSAGE_RATE_LIMITS: 'off',
})
const url = () => suite.server.url

/** The row of the message whose text is exactly `text` on `page`. */
function row(page: Page, text: string): Locator {
  return page.locator('.msg-row', {
    has: page.locator('.bubble', { hasText: new RegExp(`^${escape(text)}$`) }),
  })
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Opens the ⋯ menu of the message `text` with the mouse. */
async function openMenu(page: Page, text: string) {
  const r = row(page, text)
  await r.hover()
  await r.getByRole('button', { name: 'Message options' }).click()
  return page.getByRole('menu', { name: 'Message options' })
}

describe('Messages beyond: react, reply, edit, unsend', () => {
  it('three people see each other react, reply, edit and unsend, live', async () => {
    const people: Person[] = []
    const person = async (name: string, width = 1366, height = 900) => {
      const p = await signUpPerson(suite.browser, url(), name, width, height, { bypassCSP: true })
      people.push(p)
      return p
    }
    const ana = await person('ana')
    const bea = await person('bea')
    const cal = await person('cal', 390, 844)
    const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
      callAs<T>(url(), who, method, path, body)
    for (const a of people) {
      for (const b of people) {
        if (a !== b) await call(a, 'POST', `/v5/user_account/following/${b.username}`)
      }
    }
    const group = await call<{ id: string }>(ana, 'POST', '/v5/conversations', {
      participants: ['bea', 'cal'],
      title: 'Lake crew',
    })
    const send = (who: Person, n: string, text: string, reply?: string) =>
      call<{ id: string }>(who, 'POST', `/v5/conversations/${group.id}/messages`, {
        client_message_id: `e2e-beyond-${n}`,
        text,
        ...(reply ? { reply_to_message_id: reply } : {}),
      })
    // An old message, more than a page of history after it, then a reply to it (over the API).
    const old = await send(cal, 'old', 'Pine Hollow has the lake view')
    for (let i = 1; i <= 44; i++) await send(i % 2 ? ana : bea, `h${i}`, `Planning note ${i}`)
    await send(bea, 'quote', 'Still the best idea', old.id)
    await send(ana, 'tent', 'Tent or cabin?')
    await send(bea, 'cabin', 'Cabin, it will rain')

    const [a, b, c] = [ana.page, bea.page, cal.page]
    const groupUrl = `${url()}/messages/${group.id}`
    await Promise.all([a.goto(groupUrl), b.goto(groupUrl), c.goto(groupUrl)])
    for (const p of [a, b, c]) await row(p, 'Cabin, it will rain').waitFor({ timeout: 15_000 })

    // Bea reacts 👍 to Ana's question with the mouse: everyone sees the chip.
    await (
      await openMenu(b, 'Tent or cabin?')
    )
      .getByRole('menuitemcheckbox', { name: 'React 👍' })
      .click()
    for (const p of [a, b, c]) {
      await row(p, 'Tent or cabin?').getByRole('button', { name: '👍 1: bea' }).waitFor()
    }
    expect(
      await row(b, 'Tent or cabin?')
        .getByRole('button', { name: '👍 1: bea' })
        .getAttribute('aria-pressed'),
    ).toBe('true')
    // Ana adds hers by pressing the chip; Bea's shows both, in order.
    await row(a, 'Tent or cabin?').getByRole('button', { name: '👍 1: bea' }).click()
    await row(b, 'Tent or cabin?').getByRole('button', { name: '👍 2: bea, ana' }).waitFor()

    // Cal, on a phone, by keyboard: ⋯ is there without hovering, arrows reach ❤️.
    const calMore = row(c, 'Tent or cabin?').getByRole('button', { name: 'Message options' })
    expect(await calMore.evaluate((el) => getComputedStyle(el).opacity)).toBe('1')
    await calMore.focus()
    await c.keyboard.press('Enter')
    await expect.poll(() => focused(c)).toMatchObject({ label: 'React 👍', inPopover: true })
    await c.keyboard.press('ArrowRight')
    await expect.poll(() => focused(c)).toMatchObject({ label: 'React ❤️' })
    await expectInsideViewport(c, c.getByRole('menu', { name: 'Message options' }), 'the menu')
    await shot(c, 'messages-beyond-phone-menu')
    await expectAccessible(c, 'the message menu on a phone')
    await c.keyboard.press('Enter')
    await row(a, 'Tent or cabin?').getByRole('button', { name: '❤️ 1: cal' }).waitFor()
    // …and any other emoji, typed in.
    await calMore.focus()
    await c.keyboard.press('Enter')
    await c.getByRole('menuitem', { name: 'Other emoji…' }).click()
    const other = c.getByRole('dialog', { name: 'React with any emoji' })
    await other.getByLabel('Any emoji').fill('ok')
    await other.getByRole('button', { name: 'React' }).click()
    await other.getByText('Type one emoji').waitFor()
    await other.getByLabel('Any emoji').fill('🏕️')
    await c.keyboard.press('Enter')
    await row(a, 'Tent or cabin?').getByRole('button', { name: '🏕️ 1: cal' }).waitFor()
    await row(b, 'Tent or cabin?').getByRole('button', { name: '🏕️ 1: cal' }).waitFor()

    // Ana replies to Bea's message: the composer says so, Esc cancels, Reply again and send.
    await (
      await openMenu(a, 'Cabin, it will rain')
    )
      .getByRole('menuitem', { name: 'Reply' })
      .click()
    const aComposer = a.getByRole('textbox', { name: 'Message' })
    await a.getByText('Replying to bea').waitFor()
    await expect.poll(() => focused(a)).toMatchObject({ tag: 'TEXTAREA' })
    await a.keyboard.press('Escape')
    await expect.poll(() => a.getByText('Replying to bea').count()).toBe(0)
    await (
      await openMenu(a, 'Cabin, it will rain')
    )
      .getByRole('menuitem', { name: 'Reply' })
      .click()
    await aComposer.fill('Cabin it is, then')
    await aComposer.press('Enter')
    for (const p of [a, b, c]) {
      await row(p, 'Cabin it is, then')
        .getByRole('button', { name: /^Reply to bea\W+Cabin, it will rain/ })
        .waitFor({ timeout: 10_000 })
    }

    // Bea presses the quote of a reply to a message 45 back: older pages load, it is lit up.
    expect(await row(b, 'Pine Hollow has the lake view').count()).toBe(0)
    await row(b, 'Still the best idea')
      .getByRole('button', { name: /^Reply to cal\W+Pine Hollow has the lake view/ })
      .focus()
    await b.keyboard.press('Enter')
    const original = row(b, 'Pine Hollow has the lake view')
    await original.waitFor({ timeout: 15_000 })
    // focus goes to the original, so the keyboard goes on from there
    await expect.poll(() => original.evaluate((el) => el === document.activeElement)).toBe(true)
    await expect.poll(() => original.getAttribute('class')).toContain('msg-highlight')
    await expectInsideViewport(b, original.locator('.bubble'), 'the original')
    await shot(b, 'messages-beyond-jump')

    // Ana edits her question (within 15 minutes): the others see the new text, "edited".
    await (await openMenu(a, 'Tent or cabin?')).getByRole('menuitem', { name: 'Edit' }).click()
    await a.getByText('Editing', { exact: true }).waitFor()
    await expect.poll(() => aComposer.inputValue()).toBe('Tent or cabin?')
    await aComposer.fill('Tent or cabin for Saturday?')
    await aComposer.press('Enter')
    for (const p of [a, b, c]) {
      const edited = row(p, 'Tent or cabin for Saturday?')
      await edited.waitFor({ timeout: 10_000 })
      await edited.getByText('edited', { exact: true }).waitFor()
      // the reactions stay
      await edited.getByRole('button', { name: '👍 2: bea, ana' }).waitFor()
    }
    expect(await aComposer.inputValue()).toBe('')
    // Bea's message is hers: no Edit or Unsend for Ana, Report instead.
    const beaMenu = await openMenu(a, 'Cabin, it will rain')
    expect(await beaMenu.getByRole('menuitem', { name: 'Edit' }).count()).toBe(0)
    expect(await beaMenu.getByRole('menuitem', { name: 'Unsend' }).count()).toBe(0)
    await beaMenu.getByRole('menuitem', { name: 'Report message' }).waitFor()
    await a.keyboard.press('Escape')

    // Bea unsends "Cabin, it will rain" after a confirm: everyone sees "Message removed",
    // and the quote in Ana's reply says so too.
    await (
      await openMenu(b, 'Cabin, it will rain')
    )
      .getByRole('menuitem', { name: 'Unsend' })
      .click()
    const confirm = b.getByRole('dialog', { name: 'Unsend this message?' })
    await confirm.getByRole('button', { name: 'Unsend' }).click()
    for (const p of [a, b, c]) {
      await expect.poll(() => row(p, 'Cabin, it will rain').count(), { timeout: 10_000 }).toBe(0)
      await p.getByText('Message removed', { exact: true }).first().waitFor()
      await row(p, 'Cabin it is, then')
        .getByRole('button', { name: /^Reply to bea\W+Message removed/ })
        .waitFor()
    }
    const gone = a.locator('.msg-row', {
      has: a.locator('.bubble', { hasText: /^Message removed$/ }),
    })
    expect(await gone.getByRole('button', { name: 'Message options' }).count()).toBe(0)

    // The server kept the same: the edit, the reactions in order, the removal.
    const history = await call<{
      items: {
        text: string | null
        removed: boolean
        edited_at: string | null
        reactions: { emoji: string; usernames: string[] }[]
      }[]
    }>(ana, 'GET', `/v5/conversations/${group.id}/messages?page_size=5`)
    const question = history.items.find((m) => m.text === 'Tent or cabin for Saturday?')!
    expect(question.edited_at).not.toBeNull()
    expect(question.reactions.map((r) => [r.emoji, r.usernames])).toEqual([
      ['👍', ['bea', 'ana']],
      ['❤️', ['cal']],
      ['🏕️', ['cal']],
    ])
    expect(history.items.filter((m) => m.removed).map((m) => m.text)).toEqual([null])

    // ↑ in Ana's empty composer edits her last message; Esc leaves it as it was.
    await aComposer.focus()
    await a.keyboard.press('ArrowUp')
    await a.getByText('Editing', { exact: true }).waitFor()
    await expect.poll(() => aComposer.inputValue()).toBe('Cabin it is, then')
    await a.keyboard.press('Escape')
    await expect.poll(() => aComposer.inputValue()).toBe('')
    expect(await a.getByText('Editing', { exact: true }).count()).toBe(0)

    // Screens: the desktop for the README, the phone without overflow.
    await a.locator('.msg-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await shot(a, 'messages-beyond')
    await expectAccessible(a, 'a conversation with reactions, replies, an edit and an unsend')
    await shot(c, 'messages-beyond-phone')
    expect(await c.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    for (const p of people) await p.context.close()
  })
})
