import { readFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { callAs, corkboardSuite, makePng, signUpPerson, type Person } from './harness'

/**
 * The first load's budget (issue 14, item 9): the home feed on a phone over a slow network
 * (Chromium's throttling at 1.6 Mb/s down, 150 ms latency) sends at most 170 KB of
 * compressed JavaScript and paints its first content within 1.5 s (the median of three cold
 * loads). Prints its figures.
 */

const JS_BUDGET_BYTES = 170_000
const FCP_BUDGET_MS = 1500
/** cold loads measured; the first paint judged is their median */
const COLD_LOADS = 3
const SLOW_NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
}
const PHONE = { width: 390, height: 844 }

const suite = corkboardSuite({ RATE_LIMIT_PER_MINUTE: '100000' })
let ana: Person

interface Transfer {
  url: string
  type: string
  bytes: number
  cached: boolean
  /** when its last byte arrived, ms after the navigation started */
  doneAt?: number
}

interface LoadFigures {
  transfers: Transfer[]
  fcp: number
  /** when the app itself drew the signed-in header (the account menu) */
  appShown: number
  feedShown: number
  lcp: number
}

/** Loads the home feed under the slow network and reports what went over the wire. */
async function loadHomeFeed(context: BrowserContext, page: Page): Promise<LoadFigures> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK)
  const seen = new Map<string, Transfer>()
  const fromCache = new Set<string>()
  cdp.on('Network.requestServedFromCache', (e) => void fromCache.add(e.requestId))
  cdp.on('Network.responseReceived', (e) => {
    seen.set(e.requestId, {
      url: e.response.url,
      type: e.type,
      bytes: 0,
      cached: fromCache.has(e.requestId) || Boolean(e.response.fromDiskCache),
    })
  })
  cdp.on('Network.loadingFinished', (e) => {
    const t = seen.get(e.requestId)
    if (t) t.bytes = e.encodedDataLength
  })

  await page.goto(`${suite.server.url}/`)
  await page.waitForFunction(() => (window as { appShownAt?: number }).appShownAt)
  const appShown = await page.evaluate(() => (window as { appShownAt?: number }).appShownAt!)
  // the first card's picture on screen: the feed is there
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('.pin-card img')
    return Boolean(img?.complete && img.naturalWidth > 0)
  })
  const feedShown = await page.evaluate(() => performance.now())
  // everything the page asked for so far has arrived
  await page.waitForLoadState('networkidle')
  const paints = await page.evaluate(
    () =>
      new Promise<{ fcp: number; lcp: number }>((resolve) => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1
        new PerformanceObserver((list) => {
          const entries = list.getEntries()
          resolve({ fcp, lcp: entries[entries.length - 1]?.startTime ?? -1 })
        }).observe({ type: 'largest-contentful-paint', buffered: true })
        setTimeout(() => resolve({ fcp, lcp: -1 }), 1000)
      }),
  )
  const doneAt = new Map(
    await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((r) => [r.name, (r as PerformanceResourceTiming).responseEnd] as const),
    ),
  )
  await cdp.detach()
  const transfers = [...seen.values()].map((t) => ({ ...t, doneAt: doneAt.get(t.url) }))
  return { transfers, appShown, feedShown, ...paints }
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`
const ms = (t: number) => `${Math.round(t)} ms`
const bytesOf = (transfers: Transfer[], type: string) =>
  transfers.filter((t) => t.type === type).reduce((sum, t) => sum + t.bytes, 0)

function report(title: string, f: LoadFigures): string {
  const lines = f.transfers
    .filter((t) => t.type !== 'Image' && t.type !== 'WebSocket')
    .map(
      (t) =>
        `    ${t.type.padEnd(10)} ${kb(t.bytes).padStart(9)} ${t.doneAt ? `by ${ms(t.doneAt)}` : ''}`.padEnd(
          40,
        ) + new URL(t.url).pathname,
    )
  return [
    `[budget] ${title} (phone 390×844, 1.6 Mb/s, 150 ms latency)`,
    ...lines,
    `    JavaScript ${kb(bytesOf(f.transfers, 'Script'))} over the wire (budget ${kb(JS_BUDGET_BYTES)})`,
    `    CSS ${kb(bytesOf(f.transfers, 'Stylesheet'))}, HTML ${kb(bytesOf(f.transfers, 'Document'))}`,
    `    first contentful paint ${ms(f.fcp)} (budget ${ms(FCP_BUDGET_MS)})`,
    `    the app's own header drawn ${ms(f.appShown)}`,
    `    first pin card's picture shown ${ms(f.feedShown)}, largest contentful paint ${ms(f.lcp)}`,
  ].join('\n')
}

describe('First load budget in Chromium', () => {
  beforeAll(async () => {
    const { browser, server, files } = suite
    const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
      callAs<T>(server.url, who, method, path, body)
    ana = await signUpPerson(browser, server.url, 'ana', PHONE.width, PHONE.height)
    const bea = await signUpPerson(browser, server.url, 'bea')
    await call(ana, 'POST', '/v5/user_account/following/bea')
    // past first sign-in's topics and suggestions: straight to the home feed
    await call(ana, 'POST', '/v5/onboarding/complete', {})
    const board = await call<{ id: string }>(bea, 'POST', '/v5/boards', { name: 'Camping' })
    const png = readFileSync(await makePng(files)).toString('base64')
    for (let i = 1; i <= 12; i++) {
      await call(bea, 'POST', '/v5/pins', {
        board_id: board.id,
        title: `Tent idea ${i}`,
        alt_text: 'An orange tent below a mountain',
        media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
      })
    }
    await bea.context.close()
  })

  it('sends the app compressed, hashed assets immutable, the page and JSON revalidated', async () => {
    const url = suite.server.url
    const page = await fetch(`${url}/`, { headers: { 'accept-encoding': 'br, gzip' } })
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const html = await page.text()
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
      (m) => m[1]!,
    )
    expect(assets.length).toBeGreaterThanOrEqual(2)
    for (const asset of assets) {
      for (const encoding of ['br', 'gzip']) {
        const res = await fetch(`${url}${asset}`, { headers: { 'accept-encoding': encoding } })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-encoding')).toBe(encoding)
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
        expect(res.headers.get('vary')).toMatch(/accept-encoding/i)
      }
      // a client that takes no compression gets the file as it is
      const plain = await fetch(`${url}${asset}`, { headers: { 'accept-encoding': 'identity' } })
      expect(plain.headers.get('content-encoding')).toBeNull()
    }
    // a chunk that is not there (a tab left open across an upgrade) is a 404, not the app page
    const gone = await fetch(`${url}/assets/gone-0000.js`)
    expect(gone.status).toBe(404)

    // API answers are compressed too when the client takes it
    const feed = await ana.request.get(`${url}/v5/feed`, {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(feed.status()).toBe(200)
    expect(feed.headers()['content-encoding']).toBe('gzip')
    expect(((await feed.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0)
  })

  it('home feed on a slow phone network: ≤ 170 KB of JavaScript, first paint ≤ 1.5 s', async () => {
    // Three cold loads, each in a new browser context with Ana's session; the first paint is
    // their median, as for every timing here: the other test files share the machine's 2 cores,
    // and one load caught by a neighbour's burst (1.6 s, against 0.6–0.8 s) is not the app.
    const colds: LoadFigures[] = []
    let warm: LoadFigures | undefined
    for (let i = 1; i <= COLD_LOADS; i++) {
      const context = await suite.browser.newContext({
        viewport: PHONE,
        storageState: await ana.context.storageState(),
      })
      try {
        const page = await context.newPage()
        // notes when the account menu (drawn by the app, not index.html) first appears
        await page.addInitScript(() => {
          new MutationObserver((_, observer) => {
            if (!document.querySelector('[aria-label="Your account"]')) return
            ;(window as { appShownAt?: number }).appShownAt = performance.now()
            observer.disconnect()
          }).observe(document, { childList: true, subtree: true })
        })
        const cold = await loadHomeFeed(context, page)
        console.log(report(`cold cache, load ${i} of ${COLD_LOADS}`, cold))
        colds.push(cold)
        if (i < COLD_LOADS) continue
        // the same page again: every script comes from the cache, nothing asked of the server
        warm = await loadHomeFeed(context, page)
        console.log(report('warm cache', warm))
      } finally {
        await context.close()
      }
    }

    for (const cold of colds) {
      const scripts = cold.transfers.filter((t) => t.type === 'Script')
      expect(scripts.length).toBeGreaterThan(0)
      expect(bytesOf(cold.transfers, 'Script')).toBeLessThanOrEqual(JS_BUDGET_BYTES)
      expect(cold.fcp).toBeGreaterThan(0)
    }
    const fcps = colds.map((c) => c.fcp).sort((a, b) => a - b)
    const median = fcps[Math.floor(fcps.length / 2)]!
    console.log(`[budget] first contentful paint, cold: ${fcps.join(' / ')} ms, median ${median}`)
    expect(median).toBeLessThanOrEqual(FCP_BUDGET_MS)
    // immutable: not even revalidated
    const warmScripts = warm!.transfers.filter((t) => t.type === 'Script')
    expect(warmScripts.filter((t) => !t.cached)).toEqual([])
  })
})
