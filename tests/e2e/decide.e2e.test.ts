import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { callAs, corkboardSuite, makePng, shot, signUpPerson, type Person } from './harness'

const TITLES = ['Lakeside cabin', 'Forest yurt', 'Treehouse', 'Canal boat', 'Desert dome']

/** The pin card of `title` in the page's open conversation. */
const card = (page: Page, title: string) =>
  page.locator('.msg-list').getByRole('article', { name: `Pin: ${title}` })

/** Votes for the pin titled `title` from its card, and waits for the pressed state. */
async function voteFor(page: Page, title: string) {
  const button = card(page, title).getByRole('button', { name: /^Vote for this pin/ })
  await button.click()
  await card(page, title).locator('.vote-button[aria-pressed="true"]').waitFor({ timeout: 10_000 })
}

/** Saves the pin titled `title` from its card onto the board named `board`, via the picker. */
async function saveFromCard(page: Page, title: string, board: string) {
  await card(page, title)
    .getByRole('button', { name: /^Choose a board/ })
    .click()
  await page
    .getByRole('dialog', { name: 'Save to board' })
    .getByRole('button', { name: board })
    .click()
  await page.getByText(`Saved to ${board}`).first().waitFor({ timeout: 10_000 })
}

describe('Decide together in Chromium', () => {
  const suite = corkboardSuite({ RATE_LIMIT_PER_MINUTE: '100000', MESSAGE_RATE_LIMITS: 'off' })

  it('three people vote in a group, the shortlist ranks, "Make it a board", all three add to it', async () => {
    const { browser, server } = suite
    const url = server.url
    const ana = await signUpPerson(browser, url, 'ana', 1366, 900)
    const bea = await signUpPerson(browser, url, 'bea', 1366, 900)
    // Cal is on a phone
    const cal = await signUpPerson(browser, url, 'cal', 390, 844)
    const people = [ana, bea, cal]
    const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
      callAs<T>(url, who, method, path, body)
    for (const a of people) {
      for (const b of people) {
        if (a !== b) await call(a, 'POST', `/v5/user_account/following/${b.username}`)
      }
    }
    const png = readFileSync(await makePng(suite.files)).toString('base64')
    const boards = new Map<Person, string>()
    for (const p of people) {
      const board = await call<{ id: string }>(p, 'POST', '/v5/boards', { name: `${p.username}'s` })
      boards.set(p, board.id)
    }
    const group = await call<{ id: string }>(ana, 'POST', '/v5/conversations', {
      participants: ['bea', 'cal'],
      title: 'Cabin trip',
    })
    // five places, shared in the group: Ana's, Bea's, Cal's, Bea's, Cal's
    const owners = [ana, bea, cal, bea, cal]
    for (const [i, title] of TITLES.entries()) {
      const owner = owners[i]!
      const pin = await call<{ id: string }>(owner, 'POST', '/v5/pins', {
        board_id: boards.get(owner),
        title,
        alt_text: `A picture of a ${title.toLowerCase()}`,
        media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
      })
      await call(owner, 'POST', `/v5/conversations/${group.id}/messages`, {
        client_message_id: `share-${i}`,
        attachment: { type: 'pin', id: pin.id },
      })
    }

    const [a, b, c] = [ana.page, bea.page, cal.page]
    const groupUrl = `${url}/messages/${group.id}`
    await Promise.all([a.goto(groupUrl), b.goto(groupUrl), c.goto(groupUrl)])
    for (const p of [a, b, c]) await card(p, TITLES[4]!).waitFor({ timeout: 15_000 })

    // The votes: the cabin three, the yurt two, the treehouse one.
    await voteFor(a, TITLES[0]!)
    await voteFor(a, TITLES[1]!)
    await voteFor(b, TITLES[0]!)
    await voteFor(b, TITLES[1]!)
    await card(c, TITLES[0]!).scrollIntoViewIfNeeded()
    await voteFor(c, TITLES[0]!)
    await voteFor(c, TITLES[2]!)
    // Ana sees the others' votes live on her cards
    await card(a, TITLES[0]!)
      .getByRole('button', { name: 'Vote for this pin, 3 votes: ana, bea, cal' })
      .waitFor({ timeout: 10_000 })
    await card(a, TITLES[2]!)
      .getByRole('button', { name: 'Vote for this pin, 1 vote: cal' })
      .waitFor({ timeout: 10_000 })
    await shot(c, 'decide-01-votes-phone')

    // The shortlist ranks them, with who voted.
    await a.getByRole('button', { name: 'Pins in this conversation' }).click()
    const pins = a.getByRole('dialog', { name: 'Pins in this conversation' })
    await pins.getByRole('tab', { name: 'Shortlist' }).click()
    const list = pins.getByRole('list', { name: 'Shortlist' })
    await list.getByRole('listitem').nth(2).waitFor()
    const rows = await list.getByRole('listitem').allInnerTexts()
    expect(rows.map((r) => TITLES.find((t) => r.includes(t)))).toEqual(TITLES.slice(0, 3))
    expect(rows[0]).toContain('3 votes · ana, bea, cal')
    expect(rows[1]).toContain('2 votes · ana, bea')
    await shot(a, 'shortlist')

    // Cal's shortlist, at phone width
    await c.getByRole('button', { name: 'Pins in this conversation' }).click()
    const calPins = c.getByRole('dialog', { name: 'Pins in this conversation' })
    await calPins.getByRole('tab', { name: 'Shortlist' }).click()
    await calPins.getByRole('list', { name: 'Shortlist' }).getByRole('listitem').nth(2).waitFor()
    await shot(c, 'decide-02-shortlist-phone')
    await c.keyboard.press('Escape')

    // Make it a board: the top two.
    await pins.getByRole('button', { name: 'Make it a board' }).click()
    const make = a.getByRole('dialog', { name: 'Make it a board' })
    await make.getByLabel('Board name').fill('Cabin picks')
    await make.getByLabel('How many top pins').fill('2')
    await shot(a, 'decide-03-make-board')
    await make.getByRole('button', { name: 'Make board' }).click()
    await a.getByText('Made Cabin picks with 2 pins').waitFor({ timeout: 10_000 })
    await a.keyboard.press('Escape')

    // Everyone sees the board in the conversation, live.
    for (const p of [a, b, c]) {
      await p
        .locator('.msg-list')
        .getByRole('article', { name: 'Board: Cabin picks' })
        .waitFor({ timeout: 10_000 })
    }

    // All three add to it from the pin cards.
    await saveFromCard(a, TITLES[2]!, 'Cabin picks')
    await saveFromCard(b, TITLES[3]!, 'Cabin picks')
    await card(c, TITLES[4]!).scrollIntoViewIfNeeded()
    await saveFromCard(c, TITLES[4]!, 'Cabin picks')

    // The board: five pins, made with the group.
    const made = await call<{ items: { id: string; name: string }[] }>(
      bea,
      'GET',
      '/v5/user_account/collaborating/boards',
    )
    const boardId = made.items.find((x) => x.name === 'Cabin picks')!.id
    await b.goto(`${url}/board/${boardId}`)
    await b.getByRole('heading', { name: /Cabin picks/ }).waitFor()
    await b.getByText('5 pins').waitFor({ timeout: 10_000 })
    await b.locator('.board-collaborators').getByText('cal').waitFor()
    await b.getByRole('link', { name: 'Add a pin' }).waitFor()
    await shot(b, 'decide-04-group-board')
    await a.goto(`${url}/board/${boardId}`)
    await a.getByRole('button', { name: 'Invite collaborators' }).waitFor()
    await c.goto(`${url}/board/${boardId}`)
    await c.getByText('5 pins').waitFor()
    // every picture on screen loads for a collaborator, the others' secret pins' included
    await c.waitForFunction(
      () => {
        const shown = Array.from(document.querySelectorAll<HTMLImageElement>('main img')).filter(
          (img) => img.getBoundingClientRect().top < window.innerHeight,
        )
        return shown.length >= 2 && shown.every((img) => img.complete && img.naturalWidth > 0)
      },
      undefined,
      { timeout: 15_000 },
    )
    await shot(c, 'decide-05-group-board-phone')
    const board = await call<{ pin_count: number; collaborator_count: number }>(
      cal,
      'GET',
      `/v5/boards/${boardId}`,
    )
    expect(board).toMatchObject({ pin_count: 5, collaborator_count: 2 })
  }, 180_000)
})
