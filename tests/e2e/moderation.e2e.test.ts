import { beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { callAs, corkboardSuite, makePng, shot, signUpPerson, type Person } from './harness'
import { expectAccessible } from './layout-checks'

/**
 * Moderation end to end, in Chromium at desktop and phone widths: a member reports a message
 * from a conversation (by keyboard), the instance's admin removes it in /admin/reports, the
 * reporter's bell counts the outcome live and the Notices page says it, both members see the
 * message as removed, and the audit log has the action. axe finds nothing serious on the
 * report dialog, the queue (open and closed), the audit log and the notices.
 */

const WIDTHS = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

const suite = corkboardSuite({ RATE_LIMIT_PER_MINUTE: '100000', MESSAGE_RATE_LIMITS: 'off' })

/** contexts that let axe in: the CSP bypassed */
const AXE_OK = { bypassCSP: true }

const NASTY = 'Nobody wants you on this trip, stay home'

let admin: Person

describe('Moderation in Chromium', () => {
  beforeAll(async () => {
    // The first account of an empty instance is its admin.
    admin = await signUpPerson(suite.browser, suite.server.url, 'modadmin', 1366, 900, AXE_OK)
    const me = await callAs<{ role: string | null }>(
      suite.server.url,
      admin,
      'GET',
      '/v5/user_account',
    )
    expect(me.role).toBe('admin')
  })

  describe.each(WIDTHS)('at $name width ($width×$height)', ({ name: width, ...size }) => {
    const url = () => suite.server.url
    let amy: Person
    let ben: Person
    let conversationId: string

    beforeAll(async () => {
      const suffix = width === 'desktop' ? 'd' : 'p'
      amy = await signUpPerson(
        suite.browser,
        url(),
        `amy${suffix}`,
        size.width,
        size.height,
        AXE_OK,
      )
      ben = await signUpPerson(
        suite.browser,
        url(),
        `ben${suffix}`,
        size.width,
        size.height,
        AXE_OK,
      )
      await admin.page.setViewportSize(size)
      for (const [a, b] of [
        [amy, ben],
        [ben, amy],
      ] as const) {
        await callAs(url(), a, 'POST', `/v5/user_account/following/${b.username}`)
      }
      const conversation = await callAs<{ id: string }>(url(), amy, 'POST', '/v5/conversations', {
        participants: [ben.username],
      })
      conversationId = conversation.id
      const send = (who: Person, text: string, n: number) =>
        callAs(url(), who, 'POST', `/v5/conversations/${conversationId}/messages`, {
          text,
          client_message_id: `mod-${suffix}-${n}`,
        })
      await send(amy, 'Are you coming to the lake on Saturday?', 1)
      await send(ben, 'Who invited you anyway', 2)
      await send(ben, NASTY, 3)
      await send(amy, 'Wow. OK.', 4)
    })

    it('the reporter reports a message by keyboard; a second report says so', async () => {
      const page = amy.page
      page.setDefaultTimeout(10_000)
      await page.goto(`${url()}/messages/${conversationId}`)
      const row = page.locator('.msg-row', { hasText: NASTY })
      await row.waitFor()
      // the ⋯ button of a message is reached from the keyboard and shows on focus
      const more = row.getByRole('button', { name: 'Message options' })
      await more.focus()
      await page.keyboard.press('Enter')
      await page.getByRole('menuitem', { name: 'Report message' }).waitFor()
      // the menu opens on its reactions (issue 17); Report is its last item
      await page.keyboard.press('End')
      await page.keyboard.press('Enter')
      const dialog = page.getByRole('dialog', { name: 'Report this message' })
      await dialog.waitFor()
      // focus starts on the first reason; arrows choose, Tab goes on to the note
      await expect
        .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement).value))
        .toBe('spam')
      await page.keyboard.press('ArrowDown')
      await expect(dialog.getByRole('radio', { name: /Harassment/ }).isChecked()).resolves.toBe(
        true,
      )
      await page.keyboard.press('Tab')
      await page.keyboard.type('Second time this week he says this to me.')
      await shot(page, `moderation-${width}-report-dialog`)
      await expectAccessible(page, `moderation-${width}-report-dialog`)
      await page.keyboard.press('Tab') // Cancel
      await page.keyboard.press('Tab') // Send report
      await page.keyboard.press('Enter')
      await dialog.getByText('Thanks — a moderator will look at it').waitFor()
      await shot(page, `moderation-${width}-report-sent`)
      await page.keyboard.press('Enter') // Done has focus
      await dialog.waitFor({ state: 'hidden' })

      // again: the server answers 409, the dialog says so
      await row.hover()
      await row.getByRole('button', { name: 'Message options' }).click()
      await page.getByRole('menuitem', { name: 'Report message' }).click()
      await dialog.getByRole('radio', { name: /Spam/ }).check()
      await dialog.getByRole('button', { name: 'Send report' }).click()
      await dialog.getByText('You already reported this').waitFor()
      await dialog.getByRole('button', { name: 'Done' }).click()
    })

    it('the admin sees it in context in /admin/reports and removes the message', async () => {
      const page = admin.page
      page.setDefaultTimeout(10_000)
      await page.goto(`${url()}/admin/reports`)
      await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor()
      const card = page.getByRole('article').filter({ hasText: `@${amy.username}` })
      await card.waitFor()
      await expect(card.getByRole('heading', { level: 2 }).textContent()).resolves.toContain(
        'A message, reported for Harassment or bullying',
      )
      await card.getByText('Second time this week he says this to me.').waitFor()
      // the conversation around it, the reported message marked
      const reported = card.locator('[aria-current="true"]')
      await expect(reported.textContent()).resolves.toContain(NASTY)
      await card.getByText('Are you coming to the lake on Saturday?').waitFor()
      await card.getByText('Wow. OK.').waitFor()
      await card.getByText(`@${ben.username}`).first().waitFor()
      await shot(page, `moderation-${width}-queue`, true)
      await expectAccessible(page, `moderation-${width}-queue`)

      // by keyboard: the action's confirmation opens on its note
      await card.getByRole('button', { name: 'Remove message' }).focus()
      await page.keyboard.press('Enter')
      const dialog = page.getByRole('dialog', { name: 'Remove this message?' })
      await dialog.waitFor()
      await page.keyboard.type('Harassment of another member.')
      await shot(page, `moderation-${width}-remove-dialog`)
      await expectAccessible(page, `moderation-${width}-remove-dialog`)
      await page.keyboard.press('Tab') // Cancel
      await page.keyboard.press('Tab') // Remove message
      await page.keyboard.press('Enter')
      await dialog.waitFor({ state: 'hidden' })
      await card.waitFor({ state: 'detached' })
      await page.getByText('Nothing to review').waitFor()

      await page.getByRole('link', { name: 'Closed' }).click()
      const closed = page.getByRole('article').filter({ hasText: `@${amy.username}` })
      await closed.getByText('Removed', { exact: true }).waitFor()
      await closed.getByText('This message was removed').waitFor()
      await shot(page, `moderation-${width}-closed`, true)
      await expectAccessible(page, `moderation-${width}-closed`)

      await page.getByRole('link', { name: 'Audit log' }).click()
      const entry = page.getByRole('row').filter({ hasText: 'Removed content' }).first()
      await entry.waitFor()
      await expect(entry.textContent()).resolves.toContain('@modadmin')
      await expect(entry.textContent()).resolves.toContain('Harassment of another member.')
      await shot(page, `moderation-${width}-audit`, true)
      await expectAccessible(page, `moderation-${width}-audit`)
    })

    it('the reporter learns the outcome live; both members see the message removed', async () => {
      const page = amy.page
      // still on the conversation: the bell counts the notice, the message is replaced
      await page.getByRole('link', { name: 'Notices, 1 unread' }).waitFor()
      // a taken-down message reads as an unsent one (issue 17): "Message removed"
      const row = page.locator('.msg-row', { hasText: 'Message removed' })
      await row.waitFor()
      await expect(page.getByText(NASTY).count()).resolves.toBe(0)
      await shot(page, `moderation-${width}-reporter-thread`)

      // on a phone the conversation fills the screen: back to the list, where the header is
      if (width === 'phone') {
        await page.getByRole('button', { name: 'Back to conversations' }).click()
      }
      await page.getByRole('link', { name: 'Notices, 1 unread' }).click()
      await page.getByRole('heading', { name: 'Notices', level: 1 }).waitFor()
      await page.getByText('Your report of a message was removed.').waitFor()
      await page.getByText('You reported it for: Harassment or bullying.').waitFor()
      // seen: the badge goes
      await page.getByRole('link', { name: 'Notices', exact: true }).waitFor()
      await shot(page, `moderation-${width}-notices`)
      await expectAccessible(page, `moderation-${width}-notices`)

      await ben.page.goto(`${url()}/messages/${conversationId}`)
      await ben.page.getByText('Who invited you anyway').waitFor()
      await ben.page.getByText('Message removed', { exact: true }).waitFor()
      await expect(ben.page.getByText(NASTY).count()).resolves.toBe(0)
      await shot(ben.page, `moderation-${width}-sender-thread`)
    })

    it('pins, boards and profiles are reported from their ⋯ menus; a warning reaches its author', async () => {
      const board = await callAs<{ id: string }>(url(), ben, 'POST', '/v5/boards', {
        name: `Lake gear ${width}`,
      })
      const png = readFileSync(await makePng(suite.files)).toString('base64')
      const pin = await callAs<{ id: string }>(url(), ben, 'POST', '/v5/pins', {
        board_id: board.id,
        title: `Cheap tents, click here ${width}`,
        alt_text: 'A tent below a mountain',
        media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
      })
      const page = amy.page
      const report = async (menu: string, item: string, dialogName: string, reason: RegExp) => {
        await page.getByRole('button', { name: menu }).click()
        await page.getByRole('menuitem', { name: item }).click()
        const dialog = page.getByRole('dialog', { name: dialogName })
        await dialog.getByRole('radio', { name: reason }).check()
        await dialog.getByRole('button', { name: 'Send report' }).click()
        await dialog.getByText('Thanks — a moderator will look at it').waitFor()
        await dialog.getByRole('button', { name: 'Done' }).click()
      }
      await page.goto(`${url()}/pin/${pin.id}`)
      await page.getByRole('heading', { name: `Cheap tents, click here ${width}` }).waitFor()
      await report('More options', 'Report pin', 'Report this pin', /Spam/)
      await page.goto(`${url()}/board/${board.id}`)
      await page.getByRole('heading', { name: `Lake gear ${width}` }).waitFor()
      await report('More options', 'Report board', 'Report this board', /Spam/)
      await page.goto(`${url()}/u/${ben.username}`)
      await page.getByRole('heading', { name: ben.username, level: 1 }).waitFor()
      await report(
        `More options for ${ben.username}`,
        'Report profile',
        'Report this profile',
        /Impersonation/,
      )

      const mod = admin.page
      await mod.goto(`${url()}/admin/reports`)
      const pinCard = mod
        .getByRole('article')
        .filter({ hasText: 'A pin, reported for Spam' })
        .filter({ hasText: `@${ben.username}` })
      await pinCard
        .getByRole('link', { name: `Cheap tents, click here ${width}` })
        .first()
        .waitFor()
      const boardCard = mod
        .getByRole('article')
        .filter({ hasText: 'A board, reported for Spam' })
        .filter({ hasText: `@${ben.username}` })
      await boardCard.getByText(`Lake gear ${width}`).waitFor()
      const userCard = mod
        .getByRole('article')
        .filter({ hasText: 'A profile, reported for Impersonation' })
        .filter({ hasText: `@${ben.username}` })
      await userCard.getByText(`@${ben.username}`).first().waitFor()
      // a profile can't be "removed"
      await expect(userCard.getByRole('button', { name: /^Remove/ }).count()).resolves.toBe(0)
      await shot(mod, `moderation-${width}-queue-kinds`, true)
      await expectAccessible(mod, `moderation-${width}-queue-kinds`)

      await boardCard.getByRole('button', { name: 'Warn' }).click()
      const dialog = mod.getByRole('dialog', { name: `Warn @${ben.username}?` })
      await dialog.getByRole('textbox').fill('Please keep promotions out of the lake boards.')
      await dialog.getByRole('button', { name: 'Send warning' }).click()
      await boardCard.waitFor({ state: 'detached' })
      // the rest dismissed: the queue is empty again
      for (const card of [pinCard, userCard]) {
        await card.getByRole('button', { name: 'Dismiss' }).click()
        await mod
          .getByRole('dialog', { name: 'Dismiss this report?' })
          .getByRole('button', { name: 'Dismiss' })
          .click()
        await card.waitFor({ state: 'detached' })
      }
      await mod.getByText('Nothing to review').waitFor()

      await ben.page.goto(`${url()}/notices`)
      await ben.page.getByText('A moderator has warned you').waitFor()
      await ben.page.getByText('Please keep promotions out of the lake boards.').waitFor()
      await shot(ben.page, `moderation-${width}-warning`)
      await expectAccessible(ben.page, `moderation-${width}-warning`)
    })
  })
})
