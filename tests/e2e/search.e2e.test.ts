import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { callAs, makePng, shot, signUpPerson, type Person, corkboardSuite } from './harness'

/** Tent pins whose words make the guides: ultralight, family, rain, beach. */
const TENTS = {
  rainyUltralight: 'Ultralight tent for rain on the ridge',
  small: 'Ultralight tent that packs small',
  storm: 'Ultralight tent with a storm flap against rain',
  alpine: 'Ultralight tent for alpine camps',
  rooms: 'Family tent with three rooms',
  sheds: 'Family tent that sheds rain',
  beachFamily: 'Family tent for the beach',
  shade: 'Beach tent with sun shade',
}
/** The rest of the collection: what makes those words stand out for "tent". */
const OTHERS = ['Tomato soup for cold days', 'Lentil soup with lemon', 'Balcony garden ideas']

const e2e = corkboardSuite()

const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
  callAs<T>(e2e.server.url, who, method, path, body)

const person = (username: string, width?: number, height?: number) =>
  signUpPerson(e2e.browser, e2e.server.url, username, width, height)

/** Titles of the pins in the search page's results, sorted (the order is the ranking's). */
function resultTitles(page: Page): Promise<string[]> {
  return page
    .getByRole('list', { name: /^Pins for / })
    .locator('.pin-card-title')
    .allTextContents()
    .then((titles) => titles.sort())
}

const sorted = (titles: string[]) => [...titles].sort()

describe('Guided search in Chromium', () => {
  it('search, add two guides, remove one, open a pin; send a pin from the composer search, live', async () => {
    // Setup over the API: two people who follow each other, a conversation, a dozen pins.
    const ana = await person('ana')
    const bea = await person('bea')
    await call(ana, 'POST', '/v5/user_account/following/bea')
    await call(bea, 'POST', '/v5/user_account/following/ana')
    const conversation = await call<{ id: string }>(ana, 'POST', '/v5/conversations', {
      participants: ['bea'],
    })
    const tents = await call<{ id: string }>(ana, 'POST', '/v5/boards', { name: 'Tents' })
    const kitchen = await call<{ id: string }>(ana, 'POST', '/v5/boards', { name: 'Weeknights' })
    const png = readFileSync(await makePng(e2e.files)).toString('base64')
    const pinIds = new Map<string, string>()
    const boards = [
      ...Object.values(TENTS).map((title) => [title, tents.id] as const),
      ...OTHERS.map((title) => [title, kitchen.id] as const),
    ]
    for (const [title, board] of boards) {
      const pin = await call<{ id: string }>(ana, 'POST', '/v5/pins', {
        board_id: board,
        title,
        media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
      })
      pinIds.set(title, pin.id)
    }

    const a = ana.page
    await a.goto(`${e2e.server.url}/`)

    // The header's box suggests as Ana types; Enter searches for what she typed.
    const box = a.getByRole('combobox', { name: 'Search' })
    await box.fill('tent')
    const suggestions = a.getByRole('listbox', { name: 'Suggestions' })
    await suggestions.getByRole('option', { name: 'Search for “tent”' }).waitFor()
    await suggestions.getByRole('option', { name: 'tent ultralight' }).waitFor()
    await shot(a, 's01-typeahead')
    await box.press('Enter')
    await a.waitForURL(`${e2e.server.url}/search?q=tent`)
    await expect.poll(() => resultTitles(a)).toEqual(sorted(Object.values(TENTS)))
    const chips = a.getByRole('group', { name: 'Refine your search' })
    for (const guide of ['ultralight', 'family', 'rain', 'beach']) {
      await chips.getByRole('button', { name: guide, exact: true }).waitFor()
    }
    await shot(a, 's02-search-guides')

    // A first guide: only the ultralight tents, and a new chip that narrows them.
    await chips.getByRole('button', { name: 'ultralight', exact: true }).click()
    await a.waitForURL(`${e2e.server.url}/search?q=tent&guides=ultralight`)
    await expect
      .poll(() => resultTitles(a))
      .toEqual(sorted([TENTS.rainyUltralight, TENTS.small, TENTS.storm, TENTS.alpine]))
    await chips.getByRole('button', { name: 'Remove ultralight' }).waitFor()
    expect(await chips.getByRole('button', { name: 'family', exact: true }).count()).toBe(0)

    // A second: ultralight and rain.
    await chips.getByRole('button', { name: 'rain', exact: true }).click()
    await a.waitForURL(`${e2e.server.url}/search?q=tent&guides=ultralight,rain`)
    await expect.poll(() => resultTitles(a)).toEqual(sorted([TENTS.rainyUltralight, TENTS.storm]))
    await shot(a, 's03-two-guides')

    // Removing the first leaves every rain tent, the family one too.
    await chips.getByRole('button', { name: 'Remove ultralight' }).click()
    await a.waitForURL(`${e2e.server.url}/search?q=tent&guides=rain`)
    await expect
      .poll(() => resultTitles(a))
      .toEqual(sorted([TENTS.rainyUltralight, TENTS.storm, TENTS.sheds]))
    await chips.getByRole('button', { name: 'Remove rain' }).waitFor()
    expect(await chips.getByRole('button', { name: 'Remove ultralight' }).count()).toBe(0)
    await shot(a, 's04-guide-removed')

    // Opening a result goes to its close-up.
    await a
      .getByRole('list', { name: /^Pins for / })
      .getByRole('link', { name: TENTS.sheds })
      .first()
      .click()
    await a.waitForURL(`${e2e.server.url}/pin/${pinIds.get(TENTS.sheds)}`)
    await a.getByRole('heading', { name: TENTS.sheds }).waitFor()

    // In their conversation, Bea waits while Ana searches from the composer.
    const b = bea.page
    const conversationUrl = `${e2e.server.url}/messages/${conversation.id}`
    await Promise.all([a.goto(conversationUrl), b.goto(conversationUrl)])
    await b.getByText('Say hello!').waitFor()
    await a.getByRole('button', { name: 'Search pins' }).click()
    const search = a.getByRole('searchbox', { name: 'Search pins to send' })
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true)
    await search.fill('tent')
    const strip = a.getByRole('region', { name: 'Pins to send' })
    const thumbs = strip.getByRole('list', { name: 'Results' }).getByRole('button')
    await expect.poll(() => thumbs.count()).toBe(Object.keys(TENTS).length)
    await strip.getByRole('button', { name: 'family', exact: true }).click()
    await expect
      .poll(() =>
        thumbs.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')).sort()),
      )
      .toEqual(sorted([TENTS.rooms, TENTS.sheds, TENTS.beachFamily].map((t) => `Send ${t}`)))
    await shot(a, 's05-composer-search')

    // One click sends it; the composer is back to writing.
    await strip.getByRole('button', { name: `Send ${TENTS.beachFamily}` }).click()
    const composer = a.getByRole('textbox', { name: 'Message' })
    await composer.waitFor()
    expect(await strip.count()).toBe(0)
    await expect.poll(() => composer.evaluate((el) => el === document.activeElement)).toBe(true)
    const card = (page: Page) =>
      page.locator('.msg-list').getByRole('article', { name: `Pin: ${TENTS.beachFamily}` })
    await card(a).waitFor({ timeout: 10_000 })

    // Bea sees it arrive without reloading.
    await card(b).waitFor({ timeout: 10_000 })
    expect(await card(b).count()).toBe(1)
    await shot(b, 's06-received-live')

    // Escape leaves search mode without sending anything.
    await a.getByRole('button', { name: 'Search pins' }).click()
    await search.fill('soup')
    await strip.getByRole('list', { name: 'Results' }).getByRole('button').first().waitFor()
    await search.press('Escape')
    await composer.waitFor()
    expect(await strip.count()).toBe(0)
    const history = await call<{ items: unknown[] }>(
      bea,
      'GET',
      `/v5/conversations/${conversation.id}/messages`,
    )
    expect(history.items).toHaveLength(1)

    // A phone: the chips scroll sideways, nothing overflows the page.
    await a.setViewportSize({ width: 390, height: 844 })
    await a.goto(`${e2e.server.url}/search?q=tent&guides=family`)
    await expect
      .poll(() => resultTitles(a))
      .toEqual(sorted([TENTS.rooms, TENTS.sheds, TENTS.beachFamily]))
    await shot(a, 's07-phone-search')
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    await ana.context.close()
    await bea.context.close()
  })

  it('completes the word being typed, and corrects a typo with a way back', async () => {
    const cam = await person('cam', 1366, 900)
    const board = await call<{ id: string }>(cam, 'POST', '/v5/boards', { name: 'Backyard' })
    const png = readFileSync(await makePng(e2e.files)).toString('base64')
    const HAMMOCKS = [
      'Hammock with a bug net',
      'Hammocks for two people',
      'Hammock straps that spare the bark',
      'Hammock stand for a small porch',
    ]
    for (const title of HAMMOCKS) {
      await call(cam, 'POST', '/v5/pins', {
        board_id: board.id,
        title,
        media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
      })
    }
    const c = cam.page
    await c.goto(`${e2e.server.url}/`)

    // "hamm" is no word: the typeahead completes it, and glues no guide to it.
    const box = c.getByRole('combobox', { name: 'Search' })
    await box.fill('hamm')
    const suggestions = c.getByRole('listbox', { name: 'Suggestions' })
    await suggestions.getByRole('option', { name: 'hammock', exact: true }).waitFor()
    await suggestions.getByRole('option', { name: 'hammocks', exact: true }).waitFor()
    const searches = await suggestions
      .getByRole('option')
      .filter({ has: c.locator('.suggest-words') })
      .allTextContents()
    expect(searches).toEqual(['Search for “hamm”', 'hammock', 'hammocks'])
    await shot(c, 's08-typeahead-completes')
    // the keyboard picks a completion
    await box.press('ArrowDown')
    await box.press('ArrowDown')
    await box.press('Enter')
    await c.waitForURL(`${e2e.server.url}/search?q=hammock`)
    await expect.poll(() => resultTitles(c)).toEqual(sorted(HAMMOCKS))

    // A typo: the pins of the word meant, said so, with the way back to the words as typed.
    await box.fill('hamock')
    await box.press('Escape')
    await box.press('Enter')
    await c.waitForURL(`${e2e.server.url}/search?q=hamock`)
    const line = c.locator('.search-correction')
    await line.waitFor()
    expect((await line.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Showing results for hammock — search instead for hamock',
    )
    await expect.poll(() => resultTitles(c)).toEqual(sorted(HAMMOCKS))
    // boards are looked for by the word meant too
    const boardsTab = c
      .getByRole('navigation', { name: 'What to search' })
      .getByRole('link', { name: 'Boards' })
    await expect.poll(() => boardsTab.getAttribute('href')).toBe('/search?q=hammock&tab=boards')
    await shot(c, 's09-corrected')
    await c.setViewportSize({ width: 390, height: 844 })
    await shot(c, 's10-corrected-phone')
    expect(await c.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const box390 = await line.boundingBox()
    expect(box390!.x).toBeGreaterThanOrEqual(0)
    expect(box390!.x + box390!.width).toBeLessThanOrEqual(390)
    await c.setViewportSize({ width: 1366, height: 900 })

    // "search instead" keeps the words as typed: nothing, and no correction line.
    await line.getByRole('link', { name: 'hamock' }).click()
    await c.waitForURL(`${e2e.server.url}/search?q=hamock&autocorrect=off`)
    await c.getByText('No pins for “hamock”').waitFor()
    expect(await line.count()).toBe(0)

    // The word meant links to its own search, where no correction is needed.
    await c.goto(`${e2e.server.url}/search?q=hamock`)
    await line.waitFor()
    await c.getByRole('link', { name: 'hammock', exact: true }).click()
    await c.waitForURL(`${e2e.server.url}/search?q=hammock`)
    await expect.poll(() => resultTitles(c)).toEqual(sorted(HAMMOCKS))
    expect(await line.count()).toBe(0)
    await cam.context.close()
  })
})
