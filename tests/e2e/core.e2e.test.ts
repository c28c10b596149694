import { rmSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  launchChromium,
  makePng,
  shot,
  startArticleServer,
  startCorkboard,
  tempDir,
  type ArticleServer,
  type CorkboardServer,
} from './harness'

const PASSWORD = 'correct horse battery'
const PIN_TITLE = 'Three-season tent for rainy weekends'

let server: CorkboardServer
let article: ArticleServer
let browser: Browser
let files: string

async function signUp(page: Page, username: string) {
  await page.goto(`${server.url}/signup`)
  await page.getByLabel('Username', { exact: true }).fill(username)
  await page.getByLabel('Email').fill(`${username}@example.test`)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign up' }).click()
  // first sign-in's topics and follows, skipped here (onboarding.e2e.test.ts walks through them)
  await page.getByRole('button', { name: 'Skip' }).click()
  await page.waitForURL(`${server.url}/`)
  await page.getByRole('button', { name: 'Your account' }).waitFor()
}

describe('Corkboard in Chromium', () => {
  beforeAll(async () => {
    files = tempDir()
    ;[server, article, browser] = await Promise.all([
      startCorkboard(),
      startArticleServer(),
      launchChromium(),
    ])
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await article?.close()
    if (files) rmSync(files, { recursive: true, force: true })
  })

  it('sign up, board, pin, follow, feed, save, like, source', async () => {
    const image = await makePng(files)

    // Ana signs up, makes a board and pins an image onto it.
    const ana = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const a = await ana.newPage()
    await signUp(a, 'ana')
    await a.getByRole('heading', { name: 'Follow people to fill your feed' }).waitFor()
    await shot(a, '01-empty-feed')

    await a.goto(`${server.url}/u/ana/boards`)
    await a.getByRole('button', { name: 'Create board' }).click()
    const dialog = a.getByRole('dialog', { name: 'Create board' })
    await dialog.getByLabel('Board name').fill('Camping')
    await dialog.getByRole('button', { name: 'Create', exact: true }).click()
    await a.getByRole('link', { name: /Camping/ }).waitFor()
    await shot(a, '02-boards')

    await a.goto(`${server.url}/pin-builder`)
    await a.getByLabel('Choose an image file').setInputFiles(image)
    await a.getByRole('img', { name: 'Preview of your pin' }).waitFor()
    await a.getByLabel('Title').fill(PIN_TITLE)
    await a.getByLabel('Description').fill('Packs small, pitches in five minutes, sheds rain.')
    await a.getByLabel('Link').fill(`${article.url}/article`)
    await a.getByLabel('Alt text').fill('A tent below a mountain at sunset')
    expect(await a.getByLabel('Board', { exact: true }).inputValue()).toMatch(/^\d+$/)
    await shot(a, '03-pin-builder')
    await a.getByRole('button', { name: 'Publish' }).click()
    await a.waitForURL(/\/pin\/\d+$/)
    await a.getByRole('heading', { name: PIN_TITLE }).waitFor()
    const pinUrl = a.url()
    await shot(a, '04-pin-closeup-owner')

    // Bea signs up in her own browser, follows Ana from Ana's profile.
    const bea = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const b = await bea.newPage()
    await signUp(b, 'bea')
    await b.goto(`${server.url}/u/ana`)
    await b.getByRole('button', { name: 'Follow', exact: true }).click()
    await b.getByRole('button', { name: 'Following', exact: true }).waitFor()
    await b.getByRole('link', { name: PIN_TITLE }).first().waitFor()
    await shot(b, '05-profile-following')

    // Ana's pin is in Bea's home feed; Bea saves it to a board she creates inline.
    await b.goto(`${server.url}/`)
    const card = b.getByRole('article').filter({ hasText: PIN_TITLE })
    await card.waitFor()
    await card.hover()
    await shot(b, '06-feed-hover')
    // Bea has no board yet, so Save asks her to create one.
    await card.getByRole('button', { name: 'Save', exact: true }).click()
    const picker = b.getByRole('dialog', { name: 'Create board' })
    await picker.getByLabel('Board name').fill('Weekend trips')
    await shot(b, '07-save-create-board')
    await picker.getByRole('button', { name: 'Create and save' }).click()
    await b.getByText('Saved to Weekend trips').waitFor()
    await card.getByRole('button', { name: 'Saved to Weekend trips' }).waitFor()
    await shot(b, '08-saved')

    // Bea opens the close-up and likes it.
    await card.getByRole('link', { name: PIN_TITLE }).first().click()
    await b.waitForURL(pinUrl)
    const like = b.getByRole('button', { name: /^Like, \d+ likes?$/ })
    await like.click()
    const unlike = b.getByRole('button', { name: /^Unlike, \d+ likes?$/ })
    await unlike.waitFor()
    expect(await unlike.getAttribute('aria-pressed')).toBe('true')
    await b.reload()
    await unlike.waitFor()
    expect(await unlike.textContent()).toContain('1')
    await shot(b, '09-pin-closeup-liked')

    // Opening the source goes through the tracked redirect to the pin's link, in a new tab.
    const [popup] = await Promise.all([
      bea.waitForEvent('page'),
      b.getByRole('link', { name: 'Visit site' }).click(),
    ])
    await popup.waitForURL(`${article.url}/article`)
    await popup.getByRole('heading', { name: /best tents/ }).waitFor()
    expect(article.hits).toContain('/article')
    await popup.close()

    // The saved copy is on Bea's board.
    await b.goto(`${server.url}/u/bea/boards`)
    await b.getByRole('link', { name: /Weekend trips/ }).click()
    await b.getByRole('heading', { name: 'Weekend trips' }).waitFor()
    await b.getByRole('article').filter({ hasText: PIN_TITLE }).waitFor()
    await shot(b, '10-bea-board')

    // Phone width.
    await b.setViewportSize({ width: 375, height: 812 })
    await b.goto(`${server.url}/`)
    await b.getByRole('article').first().waitFor()
    await shot(b, '11-phone-feed')
    const scrollWidth = () => b.evaluate(() => document.documentElement.scrollWidth)
    expect(await scrollWidth()).toBeLessThanOrEqual(375)
    await b.goto(pinUrl)
    await b.getByRole('heading', { name: PIN_TITLE }).waitFor()
    await shot(b, '12-phone-pin', true)
    expect(await scrollWidth()).toBeLessThanOrEqual(375)
    await b.goto(`${server.url}/u/ana`)
    await b.getByRole('button', { name: 'Following', exact: true }).waitFor()
    await shot(b, '13-phone-profile')
    expect(await scrollWidth()).toBeLessThanOrEqual(375)

    await ana.close()
    await bea.close()
  })
})
