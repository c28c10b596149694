import { copyFileSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  ROOT,
  SHOTS_DIR,
  callAs,
  corkboardSuite,
  mailIn,
  PASSWORD,
  shot,
  signUpPerson,
  type Person,
} from './harness'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Why you can't message someone, and what to do (issue 14, item 4), at a desktop's and a
 * phone's size: the people picker lists people you cannot message yet, greyed, with the reason
 * and a Follow button that enables them in place; blocked people never show; a profile's
 * Message button opens the 1:1 or says why; the empty inbox offers an invitation by email.
 */

const e2e = corkboardSuite({ RATE_LIMIT_PER_MINUTE: '100000' })

const SIZES = [
  { tag: 'd', width: 1366, height: 900 },
  { tag: 'p', width: 390, height: 844 },
] as const

const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
  callAs<T>(e2e.server.url, who, method, path, body)

const follow = (who: Person, whom: Person) =>
  call(who, 'POST', `/v5/user_account/following/${whom.username}`)

/** The element with focus, by its accessible name as the test names it. */
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? null
  })

/** Fails unless the element's box lies inside the viewport's width (nothing runs off). */
async function insideViewport(page: Page, element: Locator) {
  const box = await element.boundingBox()
  const width = page.viewportSize()!.width
  expect(box, 'visible').not.toBeNull()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(width + 0.5)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
}

/** axe-core's serious and critical findings on the page as it is (evaluated: CSP allows it). */
async function axeSerious(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE)
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: unknown[] }[] }
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<Result> } }).axe
    const result = await axe.run(document, {
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3))}`)
  })
}

describe('Why you cannot message someone, in Chromium', () => {
  // Shared by both sizes: the people the viewer looks for.
  let ben: Person, cyd: Person, dee: Person, eve: Person, fay: Person
  beforeAll(async () => {
    const { browser, server } = e2e
    const person = (name: string) => signUpPerson(browser, server.url, name)
    ;[ben, cyd, dee, eve, fay] = await Promise.all([
      person('benfan'),
      person('cydidol'),
      person('deeclosed'),
      person('evebloc'),
      person('fayfan'),
    ])
    await call(dee, 'PATCH', '/v5/user_account', { message_policy: 'nobody' })
  })

  for (const size of SIZES) {
    describe(`${size.width}×${size.height}`, () => {
      let me: Person
      let page: Page
      let inviteLink = ''
      const url = (path: string) => `${e2e.server.url}${path}`

      beforeAll(async () => {
        me = await signUpPerson(
          e2e.browser,
          e2e.server.url,
          `ana_${size.tag}`,
          size.width,
          size.height,
        )
        page = me.page
        await follow(ben, me) // follows me; I do not follow back
        await follow(me, cyd) // I follow; they do not follow back
        await follow(me, dee) // we follow each other, but dee takes no messages
        await follow(dee, me)
        await follow(me, eve) // we followed each other, then eve blocked me
        await follow(eve, me)
        await call(eve, 'POST', `/v5/users/${me.username}/block`)
        await follow(fay, me) // follows me: the profile's Message button's case
      })

      it('the empty inbox invites a friend by email', async () => {
        if (size.tag === 'd') {
          // The header's Messages panel (desktop) offers it too; its dialog stays over the panel.
          await page.goto(url('/'))
          await page.getByRole('link', { name: /^Messages/ }).click()
          const panel = page.getByRole('dialog', { name: 'Messages' })
          await panel.getByRole('button', { name: 'Invite by email' }).click()
          const invite = page.getByRole('dialog', { name: 'Invite a friend' })
          await invite.getByRole('button', { name: 'Cancel' }).click()
          await invite.waitFor({ state: 'hidden' })
          await panel.getByRole('heading', { name: 'No messages yet' }).waitFor()
          // Escape closes the dialog it was pressed in, not the panel under it
          await panel.getByRole('button', { name: 'Invite by email' }).click()
          await invite.waitFor()
          await page.keyboard.press('Escape')
          await invite.waitFor({ state: 'hidden' })
          await panel.getByRole('heading', { name: 'No messages yet' }).waitFor()
          expect(await panel.isVisible()).toBe(true)
        }
        await page.goto(url('/messages'))
        await page.getByRole('heading', { name: 'No messages yet' }).waitFor()
        await shot(page, `mr-${size.tag}-01-empty-inbox`)

        await page.getByRole('button', { name: 'Invite by email' }).click()
        const dialog = page.getByRole('dialog', { name: 'Invite a friend' })
        const address = `friend_${size.tag}@example.test`
        // the dialog opens on its first field: typing goes straight into the address
        await expect
          .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement).type))
          .toBe('email')
        await page.keyboard.type(address)
        expect(await dialog.getByLabel('Their email address').inputValue()).toBe(address)
        await dialog.getByPlaceholder('Add a note (optional)').fill('Come and plan the trip!')
        await dialog.getByRole('button', { name: 'Send invitation' }).click()
        await dialog.getByText('Invitation sent').waitFor()
        await dialog.getByText(`Sent to ${address}`).waitFor()
        await shot(page, `mr-${size.tag}-02-invitation-sent`)
        const mail = await mailIn(e2e.server.url, `invite to ${address}`, (m) => m.to === address)
        expect(mail.text).toContain('/invite/')
        expect(mail.text).toContain('Come and plan the trip!')
        await dialog.getByRole('button', { name: 'Done' }).click()
        await dialog.waitFor({ state: 'hidden' })

        inviteLink = mail.text.match(/http:\/\/\S+\/invite\/\S+/)![0]
      })

      it('the picker says why, and a Follow enables them in place', async () => {
        await page.goto(url('/messages'))
        const inbox = page.getByRole('region', { name: 'Conversations' })
        await inbox.getByRole('heading', { name: 'No messages yet' }).waitFor()
        // the empty inbox's own "New message" (the header's ✎ comes first)
        await inbox.getByRole('button', { name: 'New message' }).last().click()
        const dialog = page.getByRole('dialog', { name: 'New message' })
        await dialog.getByText('Friend not on Corkboard yet?', { exact: false }).waitFor()
        const to = dialog.getByRole('combobox', { name: 'To' })
        // the second list: "Can’t message yet" (or "Followed just now" once all are enabled)
        const notYet = dialog.getByRole('region', { name: /Can’t message yet|Followed just now/ })
        const row = (p: Person) => notYet.getByRole('listitem').filter({ hasText: p.username })

        // Ben follows me: greyed, with the reason and "Follow back"; not an option to pick.
        // Before anything is typed: the people you are connected with, each with the reason.
        await row(fay).getByText('Follows you — follow back to message').waitFor()
        await row(cyd).getByText('Doesn’t follow you back yet').waitFor()
        await row(dee).getByText('Doesn’t accept messages').waitFor()
        expect(await notYet.getByText('evebloc').count()).toBe(0)
        await shot(page, `mr-${size.tag}-03-picker-reasons`)
        // the README's picture, retaken on demand: DOCS_SCREENSHOTS=1
        if (size.tag === 'p' && process.env.DOCS_SCREENSHOTS === '1') {
          copyFileSync(
            join(SHOTS_DIR, 'mr-p-03-picker-reasons.png'),
            join(ROOT, 'docs', 'screenshots', 'message-reasons.png'),
          )
        }

        await to.fill('benf')
        await dialog.getByRole('region', { name: 'Can’t message yet' }).waitFor()
        await row(ben).getByText('Follows you — follow back to message').waitFor()
        expect(await dialog.getByRole('option', { name: /benfan/ }).count()).toBe(0)
        await insideViewport(page, row(ben))
        await shot(page, `mr-${size.tag}-04-picker-follow-back`)

        // By keyboard: Tab to "Follow back", Enter; he is enabled in place, "Add" takes focus.
        await to.press('Tab')
        expect(await focusedLabel(page)).toBe('Follow back benfan')
        await page.keyboard.press('Enter')
        await row(ben).getByText('You can message them now').waitFor()
        await dialog.getByRole('region', { name: 'Followed just now' }).waitFor()
        await expect.poll(() => focusedLabel(page)).toBe('Add benfan')
        await shot(page, `mr-${size.tag}-05-enabled-in-place`)
        expect(await axeSerious(page)).toEqual([])
        await page.keyboard.press('Enter')
        await dialog.getByRole('button', { name: 'Remove benfan' }).waitFor()

        // Someone I follow who does not follow back: the reason, no button to press.
        await to.fill('cydi')
        await row(cyd).getByText('Doesn’t follow you back yet').waitFor()
        expect(await row(cyd).getByRole('button').count()).toBe(0)

        // Someone who takes no messages at all.
        await to.fill('deec')
        await row(dee).getByText('Doesn’t accept messages').waitFor()
        expect(await row(dee).getByRole('button').count()).toBe(0)
        expect(await axeSerious(page)).toEqual([])
        await shot(page, `mr-${size.tag}-06-no-messages`)

        // Someone who blocked me is nowhere, under any name.
        for (const q of ['evebl', 'evebloc', 'evbelo']) {
          await to.fill(q)
          await dialog.getByText('Nobody on Corkboard by that name.', { exact: false }).waitFor()
          expect(await dialog.getByText('evebloc').count()).toBe(0)
        }

        // Chat with Ben, now that we follow each other.
        await to.fill('')
        await dialog.getByRole('button', { name: 'Chat' }).click()
        await page.waitForURL(/\/messages\/\d+$/)
        await page.getByRole('heading', { name: 'benfan', exact: true }).waitFor()
      })

      it("a profile's Message button opens the 1:1 or says why, with Follow", async () => {
        // Someone I follow who does not follow back: why, and nothing to press.
        await page.goto(url(`/u/${cyd.username}`))
        await page.getByRole('heading', { name: cyd.username, level: 1 }).waitFor()
        await page.getByRole('button', { name: 'Message', exact: true }).click()
        const why = page.getByRole('status').filter({ hasText: 'You can’t message' })
        await why.getByText('Doesn’t follow you back yet').waitFor()
        expect(await why.getByRole('button').count()).toBe(0)
        await insideViewport(page, why)

        // Someone who follows me: "Follow back", then the Message button opens the 1:1.
        await page.goto(url(`/u/${fay.username}`))
        await page.getByRole('heading', { name: fay.username, level: 1 }).waitFor()
        await page.getByRole('button', { name: 'Message', exact: true }).click()
        const why2 = page.getByRole('status').filter({ hasText: 'You can’t message' })
        await why2.getByText('Follows you — follow back to message').waitFor()
        await insideViewport(page, why2)
        await shot(page, `mr-${size.tag}-07-profile-why`)
        expect(await axeSerious(page)).toEqual([])
        await why2.getByRole('button', { name: 'Follow back fayfan' }).click()
        await page.getByText('You can message fayfan now.').waitFor()
        await page.getByRole('button', { name: 'Following', pressed: true }).waitFor()
        await expect.poll(() => focusedLabel(page)).toBe('Message')
        await shot(page, `mr-${size.tag}-08-profile-enabled`)
        await page.keyboard.press('Enter')
        await page.waitForURL(/\/messages\/\d+$/)
        await page.getByRole('heading', { name: 'fayfan', exact: true }).waitFor()

        // A friend's profile: straight into the 1:1 we already have.
        await page.goto(url(`/u/${ben.username}`))
        await page.getByRole('button', { name: 'Message', exact: true }).click()
        await page.waitForURL(/\/messages\/\d+$/)
        await page.getByRole('heading', { name: 'benfan', exact: true }).waitFor()
      })

      it('the invited friend joins from the link: you follow each other, the 1:1 opens', async () => {
        const friend = await e2e.browser.newContext({
          viewport: { width: size.width, height: size.height },
        })
        const f = await friend.newPage()
        await f.goto(inviteLink)
        await f.getByRole('link', { name: 'Join Corkboard' }).click()
        await f.getByLabel('Username').fill(`friend${size.tag}`)
        await f.getByLabel('Password').fill(PASSWORD)
        await f.getByRole('button', { name: 'Sign up' }).click()
        await f.waitForURL(/\/messages\/\d+$/)
        await f.getByRole('heading', { name: me.username, exact: true }).waitFor()
        await friend.close()
        await page.goto(url('/messages'))
        await page.getByRole('button', { name: new RegExp(`friend${size.tag}`) }).waitFor()
        const following = await call<{ items: { username: string }[] }>(
          me,
          'GET',
          '/v5/user_account/following',
        )
        expect(following.items.map((u) => u.username)).toContain(`friend${size.tag}`)
      })
    })
  }
})
