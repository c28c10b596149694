import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  callAs,
  corkboardSuite,
  makePng,
  PASSWORD,
  shot,
  signUpPerson,
  skipOnboarding,
  type Person,
} from './harness'

const BRAND = 'Trailhead Outfitters'
const PIN_TITLE = 'Two-person trail tent'

const suite = corkboardSuite({
  // a run's sends one after another without a second between them, analytics written at once
  THANK_YOU_INTERVAL_MS: '150',
  ANALYTICS_FLUSH_MS: '100',
  RATE_LIMIT_PER_MINUTE: '100000',
})

/** A business account signed up over the API, in a browser context of its own. */
async function signUpBrand(browser: Browser, url: string, username: string): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } })
  const page = await context.newPage()
  const res = await context.request.post(`${url}/v5/auth/signup`, {
    data: {
      username,
      email: `${username}@example.test`,
      password: PASSWORD,
      account_type: 'BUSINESS',
      business_name: BRAND,
    },
  })
  if (res.status() !== 201) throw new Error(`sign-up ${username}: ${await res.text()}`)
  const { csrf_token } = (await res.json()) as { csrf_token: string }
  await skipOnboarding(url, context.request, csrf_token)
  return { username, context, page, request: context.request, csrf: csrf_token }
}

describe('Brands in Chromium', () => {
  it('promotion, participants, thank-you run live, recipient mutes, analytics charts', async () => {
    const { server, browser, files } = suite
    const url = server.url
    const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
      callAs<T>(url, who, method, path, body)

    // The world, over the API: a brand with a pin; ana follows it and it follows her back, bea
    // only follows it, cal follows each other with it but takes no messages. All three save the
    // pin; ana also sends it to bea.
    const brand = await signUpBrand(browser, url, 'trailhead')
    const [ana, bea, cal] = (await Promise.all(
      ['ana', 'bea', 'cal'].map((name) => signUpPerson(browser, url, name)),
    )) as [Person, Person, Person]
    const board = await call<{ id: string }>(brand, 'POST', '/v5/boards', { name: 'Trail kit' })
    const png = readFileSync(await makePng(files)).toString('base64')
    const pin = await call<{ id: string }>(brand, 'POST', '/v5/pins', {
      board_id: board.id,
      title: PIN_TITLE,
      description: 'Pitches in five minutes.',
      link: 'https://www.trailhead.example/tents',
      alt_text: 'An orange tent below a mountain',
      media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
    })
    const follow = (a: Person, b: Person) =>
      call(a, 'POST', `/v5/user_account/following/${b.username}`)
    await Promise.all([
      follow(ana, brand),
      follow(brand, ana),
      follow(bea, brand),
      follow(cal, brand),
      follow(brand, cal),
      follow(ana, bea),
      follow(bea, ana),
    ])
    await call(cal, 'PATCH', '/v5/user_account', { message_policy: 'nobody' })
    for (const p of [ana, bea, cal]) {
      const own = await call<{ id: string }>(p, 'POST', '/v5/boards', { name: 'Trips' })
      await call(p, 'GET', `/v5/pins/${pin.id}`)
      await call(p, 'POST', `/v5/pins/${pin.id}/save`, { board_id: own.id })
    }
    const pair = await call<{ id: string }>(ana, 'POST', '/v5/conversations', {
      participants: ['bea'],
    })
    await call(ana, 'POST', `/v5/conversations/${pair.id}/messages`, {
      client_message_id: 'ana-sends-the-tent',
      attachment: { type: 'pin', id: pin.id },
    })

    // A pinner at /business: the 403 page says where to switch.
    const a = ana.page
    await a.goto(`${url}/business`)
    await a.getByRole('heading', { name: 'The dashboard is for business accounts' }).waitFor()
    await a.getByRole('link', { name: 'Switch in Settings' }).waitFor()
    // …then ana waits in Messages, on the stream.
    await a.goto(`${url}/messages`)
    await a.getByRole('button', { name: /bea/ }).waitFor()

    // The brand creates its promotion in the dashboard.
    const b = brand.page
    await b.goto(`${url}/`)
    await b.getByRole('link', { name: 'Business', exact: true }).click()
    await b.getByRole('heading', { name: 'No promotions yet' }).waitFor()
    await b.getByLabel('Name', { exact: true }).fill('Trail days')
    expect(await b.getByLabel('Pin', { exact: true }).inputValue()).toBe(pin.id)
    await b.getByRole('radio', { name: 'Saving or sending the pin' }).check()
    await b.getByRole('button', { name: 'Create promotion' }).click()
    await b.getByRole('heading', { name: 'Trail days' }).waitFor()
    await b.waitForURL(/\/business\/promotions\/\d+$/)

    // Participants, each with whether the brand may message them, in words.
    const list = b.getByRole('list', { name: 'Participants' })
    const row = (name: string) => list.getByRole('listitem').filter({ hasText: `@${name}` })
    await row('ana').getByText('Can be messaged').waitFor()
    await row('bea').getByText('Follows you — follow back to message').waitFor()
    await row('cal').getByText('Doesn’t accept messages').waitFor()
    await row('bea').getByRole('button', { name: 'Follow back bea' }).click()
    await row('bea').getByText('Can be messaged').waitFor()

    // The thank-you: a template with {name}, then the run, live.
    const message = b.getByRole('textbox', { name: 'Message' })
    await message.fill('Thanks {name}! Take the tent somewhere wild and show a friend.')
    await b.getByText('Thanks ana! Take the tent somewhere wild and show a friend.').waitFor() // preview
    await b.getByRole('button', { name: 'Send thank-yous' }).click()
    const runCard = b.getByRole('region', { name: 'Thank-you run' })
    await runCard.getByText('Done', { exact: true }).waitFor({ timeout: 15_000 })
    expect(await runCard.locator('[data-figure="sent"]').textContent()).toBe('2')
    expect(await runCard.locator('[data-figure="skipped"]').textContent()).toBe('1')
    expect(await runCard.locator('[data-figure="remaining"]').textContent()).toBe('0')
    await runCard.getByText('1 don’t accept messages').waitFor()
    expect(await runCard.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('3')
    await row('ana')
      .getByText(/^Thanked /)
      .waitFor()
    await row('bea')
      .getByText(/^Thanked /)
      .waitFor()
    await shot(b, 'b01-promotion-run-done')

    // Ana got hers live, in a 1:1 of its own, and mutes the brand in one click.
    await a.getByRole('button', { name: new RegExp(BRAND) }).click()
    await a
      .locator('.bubble', {
        hasText: 'Thanks ana! Take the tent somewhere wild and show a friend.',
      })
      .waitFor()
    await a.getByText(`${BRAND} thanked you for taking part in a promotion`).waitFor()
    await shot(a, 'b02-thanked')
    await a.getByRole('button', { name: `Mute ${BRAND}` }).click()
    await a.locator('.thanks-muted').waitFor()
    const inbox = await call<{ items: { muted: boolean; participants: { username: string }[] }[] }>(
      ana,
      'GET',
      '/v5/conversations',
    )
    const withBrand = inbox.items.find((c) =>
      c.participants.some((p) => p.username === 'trailhead'),
    )
    expect(withBrand?.participants).toHaveLength(2)
    expect(withBrand?.muted).toBe(true)

    // Analytics: summary cards and uPlot charts (axes on a canvas, a legend), the CSV link.
    await b.getByRole('tab', { name: 'Analytics' }).click()
    const saves = b
      .getByRole('list', { name: 'Totals over the range' })
      .getByRole('listitem')
      .filter({ has: b.getByText('Saves', { exact: true }) })
    await saves.getByText('3', { exact: true }).waitFor({ timeout: 10_000 })
    const chart = b.getByRole('figure', { name: 'Saves and clicks' })
    await chart.locator('canvas').waitFor()
    await chart.locator('.u-legend').getByText('Saves').waitFor()
    await b.getByRole('figure', { name: 'Reach' }).locator('canvas').waitFor()
    const csv = await b.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
    expect(csv).toMatch(/^\/v5\/brand\/analytics\?start_date=.*&format=csv$/)
    await shot(b, 'b03-analytics', true)

    // At a phone's width the charts shrink to fit.
    await b.setViewportSize({ width: 390, height: 844 })
    await expect
      .poll(async () => (await chart.locator('canvas').boundingBox())?.width ?? 999)
      .toBeLessThanOrEqual(390)
    await shot(b, 'b04-analytics-phone')

    // The tabs are a tablist: the arrow keys move between them.
    await b.getByRole('tab', { name: 'Analytics' }).focus()
    await b.keyboard.press('ArrowLeft')
    await b.getByRole('tab', { name: 'Influencers', selected: true }).waitFor()
    await b.getByRole('button', { name: 'Message ana' }).waitFor()

    // A pinner switches to a business account in Settings, from the 403 page's link.
    const c = cal.page
    await c.goto(`${url}/business`)
    await c.getByRole('link', { name: 'Switch in Settings' }).click()
    await c.getByLabel('Business name').fill('Cal’s Canoes')
    await c.getByRole('button', { name: 'Switch to a business account' }).click()
    await c.getByRole('link', { name: 'Open the business dashboard' }).click()
    await c.getByRole('heading', { name: 'No promotions yet' }).waitFor()
  })
})
