import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderDemoImage, type Theme } from '../../server/demo/images/render'
import { callAs, corkboardSuite, PASSWORD, ROOT, shot, SHOTS_DIR, signUpPerson } from './harness'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

const e2e = corkboardSuite({ RATE_LIMIT_PER_MINUTE: '100000' })

/** Who pins what, on which boards: the instance's topics come from these. */
const WORLD: { who: string; theme: Theme; boards: Record<string, string[]> }[] = [
  {
    who: 'mara',
    theme: 'camping',
    boards: {
      'Camping trip': [
        'Tent pitched by the lake',
        'Camping stove breakfast',
        'Sleeping bags for cold nights',
        'Camping under the stars',
      ],
      'Family camping': ['Ridge walk at dawn', 'Forest loop with kids', 'Waterfall swim'],
    },
  },
  {
    who: 'theo',
    theme: 'recipes',
    boards: {
      'Weeknight dinners': [
        'Lemon pasta dinner',
        'Tomato soup for dinner',
        'Sheet-pan dinner',
        'Dinner tacos',
      ],
      'Baking projects': ['Sourdough focaccia', 'Brown butter cookies'],
    },
  },
  {
    who: 'iris',
    theme: 'garden',
    boards: {
      'Balcony garden': ['Herbs on the balcony', 'Tomatoes in pots', 'A chair among the pots'],
      Houseplants: ['Monstera by the window', 'Fern shelf'],
    },
  },
  {
    who: 'juno',
    theme: 'travel',
    boards: {
      'Greek islands': ['Blue doors of Naxos', 'Harbour lunch', 'Whitewashed streets'],
      'Desert roads': ['Coast road stops', 'Desert highway'],
    },
  },
  {
    who: 'kai',
    theme: 'home',
    boards: {
      'Living room': ['Warm light living room', 'Reading nook', 'Linen sofa'],
      'Cozy corners': ['Window seat', 'Candles and books'],
    },
  },
  {
    who: 'lena',
    theme: 'art',
    boards: {
      'Art prints': ['Bauhaus poster print', 'Risograph print', 'Botanical print'],
      'Colour palettes': ['Terracotta and sage', 'Ochre and navy'],
    },
  },
]

const MARA = WORLD[0]!.boards
const DINNERS = WORLD[1]!.boards['Weeknight dinners']!

beforeAll(async () => {
  let n = 0
  for (const { who, theme, boards } of WORLD) {
    const person = await signUpPerson(e2e.browser, e2e.server.url, who)
    for (const [name, titles] of Object.entries(boards)) {
      const board = await callAs<{ id: string }>(e2e.server.url, person, 'POST', '/v5/boards', {
        name,
      })
      for (const title of titles) {
        const data = (await renderDemoImage(theme, `onboarding-${n++}`)).toString('base64')
        await callAs(e2e.server.url, person, 'POST', '/v5/pins', {
          board_id: board.id,
          title,
          media_source: { source_type: 'image_base64', content_type: 'image/png', data },
        })
      }
    }
    await person.context.close()
  }
}, 120_000)

/** axe's serious and critical findings on the page as it is now. */
async function axeFindings(page: Page): Promise<string[]> {
  // colours mid-transition (a toggle just pressed) are no one's contrast
  await page.waitForFunction(() => document.getAnimations().length === 0)
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe
    const result = (await axe.run(document, {
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    })) as {
      violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[]
    }
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`)
  })
}

/** Signs up through the form, in a browser of its own, and lands on first sign-in. */
async function signUpInBrowser(browser: Browser, username: string, width: number, height: number) {
  const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true })
  const page = await context.newPage()
  await page.goto(`${e2e.server.url}/signup`)
  await page.getByLabel('Username', { exact: true }).fill(username)
  await page.getByLabel('Email').fill(`${username}@example.test`)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await page.waitForURL(`${e2e.server.url}/onboarding`)
  const heading = page.getByRole('heading', { name: `Welcome, ${username}! What are you into?` })
  await heading.waitFor()
  return { context, page, heading }
}

/** No sideways scrolling: the page is as wide as the screen. */
const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)

const SIZES = [
  { name: 'desktop', width: 1366, height: 900, topics: ['Camping', 'Weeknight dinners'] },
  { name: 'phone', width: 390, height: 844, topics: ['Camping', 'Weeknight dinners'] },
] as const

describe('First sign-in in Chromium', () => {
  for (const size of SIZES) {
    it(`${size.name} ${size.width}×${size.height}: sign up, pick topics, follow, home feed has their pins`, async () => {
      const username = `new_${size.name}`
      const { context, page, heading } = await signUpInBrowser(
        e2e.browser,
        username,
        size.width,
        size.height,
      )
      // focus starts on the step's heading, so Tab goes on to the first topic
      expect(await heading.evaluate((el) => el === document.activeElement)).toBe(true)
      const topics = page.getByRole('list', { name: 'Topics' })
      await topics.getByRole('button').first().waitFor()
      const names = await topics.getByRole('button').allTextContents()
      expect(names[0]).toBe('Camping')
      // words always written together are one topic; one only written beside a broader one, none
      expect(names).toEqual(
        expect.arrayContaining([
          'Weeknight dinners',
          'Balcony garden',
          'Art prints',
          'Houseplants',
        ]),
      )
      expect(names).not.toContain('Trip')
      expect(await fitsWidth(page)).toBe(true)
      expect(await axeFindings(page)).toEqual([])

      // the keyboard picks the first topic; the pointer the second
      await page.keyboard.press('Tab')
      await page.keyboard.press('Space')
      const camping = topics.getByRole('button', { name: 'Camping' })
      expect(await camping.getAttribute('aria-pressed')).toBe('true')
      await topics.getByRole('button', { name: size.topics[1] }).click()
      await page.getByText('2 topics picked').waitFor()
      await shot(page, `onboarding-topics-${size.name}`)
      // the README's picture, retaken on demand: DOCS_SCREENSHOTS=1
      if (size.name === 'desktop' && process.env.DOCS_SCREENSHOTS === '1') {
        mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true })
        copyFileSync(
          join(SHOTS_DIR, 'onboarding-topics-desktop.png'),
          join(ROOT, 'docs', 'screenshots', 'onboarding.png'),
        )
      }

      await page.getByRole('button', { name: 'Next' }).click()
      const follow = page.getByRole('heading', { name: 'Follow a few people and boards' })
      await follow.waitFor()
      // the next step takes focus to its heading too (a screen reader hears where it is)
      expect(await follow.evaluate((el) => el === document.activeElement)).toBe(true)
      const people = page.getByRole('list', { name: 'People to follow' })
      await people.getByRole('listitem').first().waitFor()
      await shot(page, `onboarding-suggestions-${size.name}`)
      // those who pin about the chosen topics come first
      expect(await people.getByRole('listitem').first().textContent()).toContain('mara')
      await people.getByRole('button', { name: 'Follow mara' }).click()
      await people.getByRole('button', { name: 'Following mara' }).waitFor()
      const boards = page.getByRole('list', { name: 'Boards to follow' })
      await boards.getByRole('button', { name: 'Follow Weeknight dinners' }).click()
      await boards.getByRole('button', { name: 'Following Weeknight dinners' }).waitFor()
      await page.getByText('2 to follow').waitFor()
      expect(await fitsWidth(page)).toBe(true)
      expect(await axeFindings(page)).toEqual([])
      await shot(page, `onboarding-follow-${size.name}`)

      await page.getByRole('button', { name: 'Done' }).click()
      await page.waitForURL(`${e2e.server.url}/`)
      await page.getByText('You’re following 1 person and 1 board.').waitFor()
      // the home feed starts with their pins: Mara's and the board's
      const feed = page.getByRole('article')
      await feed.first().waitFor()
      const maras = [...MARA['Camping trip']!, ...MARA['Family camping']!]
      await feed.filter({ hasText: maras[0] }).first().waitFor()
      await feed.filter({ hasText: DINNERS[0] }).first().waitFor()
      // in the feed's own order (the masonry lays cards out by column): their 11 pins first
      const res = await page.request.get(`${e2e.server.url}/v5/feed?page_size=11`)
      const items = ((await res.json()) as { items: { title: string }[] }).items
      expect(items.map((p) => p.title).sort()).toEqual([...maras, ...DINNERS].sort())
      await shot(page, `onboarding-home-${size.name}`)

      // never shown again: not on a reload, not by its address
      await page.reload()
      await feed.first().waitFor()
      await page.goto(`${e2e.server.url}/onboarding`)
      await page.waitForURL(`${e2e.server.url}/`)
      await context.close()
    })
  }

  it('skipping lands on the home feed and is remembered by the account, not the browser', async () => {
    const { context, page } = await signUpInBrowser(e2e.browser, 'skipper', 390, 844)
    await page.getByRole('button', { name: 'Skip' }).click()
    await page.waitForURL(`${e2e.server.url}/`)
    await page.getByRole('article').first().waitFor()
    await context.close()

    // a fresh browser (nothing remembered there) logs in: straight to the home feed
    const other = await e2e.browser.newContext({ viewport: { width: 1366, height: 900 } })
    const again = await other.newPage()
    await again.goto(`${e2e.server.url}/login`)
    await again.getByLabel('Username or email').fill('skipper')
    await again.getByLabel('Password').fill(PASSWORD)
    await again.getByRole('button', { name: 'Log in' }).click()
    await again.waitForURL(`${e2e.server.url}/`)
    await again.getByRole('article').first().waitFor()
    expect(again.url()).toBe(`${e2e.server.url}/`)
    await other.close()
  })

  it('an account that has not finished first sign-in is led back to it at its next log-in', async () => {
    const { context } = await signUpInBrowser(e2e.browser, 'leaver', 1366, 900)
    await context.close()
    const other = await e2e.browser.newContext({ viewport: { width: 1366, height: 900 } })
    const page = await other.newPage()
    await page.goto(`${e2e.server.url}/login`)
    await page.getByLabel('Username or email').fill('leaver')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${e2e.server.url}/onboarding`)
    await page.getByRole('heading', { name: 'Welcome, leaver! What are you into?' }).waitFor()
    await other.close()
  })
})
