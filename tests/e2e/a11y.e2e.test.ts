import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { corkboardSuite, mailIn, makePng, PASSWORD, shot } from './harness'

/**
 * axe-core on every page of the web app, at desktop and phone widths, signed in and out:
 * a serious or critical finding fails, and so does a page without an <h1>.
 */

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const WIDTHS = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const
const PIN_TITLE = 'Ultralight tent for two'
const BRAND = 'Trailhead Outfitters'
const FRIEND = 'newfriend@example.test'

const suite = corkboardSuite({ RATE_LIMIT_PER_MINUTE: '100000' })

interface Member {
  username: string
  context: BrowserContext
  page: Page
  csrf: string
}

/** Someone signed up over the API, in a context that lets the test inject axe (CSP bypassed). */
async function member(browser: Browser, username: string, extra: object = {}): Promise<Member> {
  const context = await browser.newContext({ bypassCSP: true })
  const res = await context.request.post(`${suite.server.url}/v5/auth/signup`, {
    data: { username, email: `${username}@example.test`, password: PASSWORD, ...extra },
  })
  if (res.status() !== 201) throw new Error(`sign-up ${username}: ${await res.text()}`)
  const { csrf_token } = (await res.json()) as { csrf_token: string }
  return { username, context, page: await context.newPage(), csrf: csrf_token }
}

async function call<T>(who: Member, method: string, path: string, body?: unknown): Promise<T> {
  const res = await who.context.request.fetch(`${suite.server.url}${path}`, {
    method,
    headers: { 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok()) throw new Error(`${method} ${path} → ${res.status()} ${await res.text()}`)
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

interface Finding {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

/** axe's findings on the page as it is now that fail the check. */
async function failingFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
      .axe
    const result = (await axe.run(document, {
      // off by default in axe (experimental), and the rule the findings came from
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    })) as { violations: Finding[] }
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }))
  })
  return violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'page-has-heading-one',
  )
}

function describeFindings(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `${f.id} (${f.impact}): ${f.help}\n` +
        f.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n'),
    )
    .join('\n')
}

interface World {
  ana: Member
  brand: Member
  /** signed up, first sign-in not done yet */
  cy: Member
  guest: Member
  pinId: string
  untitledPinId: string
  boardId: string
  conversationId: string
  inviteUrl: string
  /** whichever member signed up first: the instance's admin */
  admin: Member
}
let world: World

type Who = 'ana' | 'brand' | 'cy' | 'guest' | 'admin'
interface Screen {
  name: string
  as: Who
  path: (w: World) => string
  /** resolves once the page shows what it is about */
  ready: (page: Page) => Promise<unknown>
  /** what to open before checking (a picker, a dialog) */
  open?: (page: Page) => Promise<unknown>
  /** only at this width (the messages panel opens from the header on wide screens only) */
  only?: 'desktop' | 'phone'
}

/** Waits for a page's main heading (there in the DOM: phones may fold it away). */
const heading = (name: string | RegExp) => (page: Page) =>
  page.getByRole('heading', { name, level: 1 }).waitFor({ state: 'attached' })
/** Waits for `text` on the page: for pages checked for an <h1> by axe rather than by name. */
const showing = (text: string | RegExp) => (page: Page) => page.getByText(text).first().waitFor()

const SCREENS: Screen[] = [
  {
    name: 'home feed',
    as: 'ana',
    path: () => '/',
    ready: (p) => p.locator('.pin-card').first().waitFor(),
  },
  {
    name: 'home feed, board picker open',
    as: 'ana',
    path: () => '/',
    ready: (p) => p.locator('.pin-card').first().waitFor(),
    open: async (p) => {
      await p.locator('.pin-card').first().hover()
      await p.locator('.pin-card').first().getByRole('button', { name: /board/i }).first().click()
      await p.getByRole('dialog').first().waitFor()
    },
  },
  { name: 'pin', as: 'ana', path: (w) => `/pin/${w.pinId}`, ready: heading(PIN_TITLE) },
  {
    name: 'pin, send sheet open',
    as: 'ana',
    path: (w) => `/pin/${w.pinId}`,
    ready: heading(PIN_TITLE),
    open: async (p) => {
      await p.getByRole('button', { name: 'Send', exact: true }).click()
      await p.getByRole('dialog', { name: 'Send this Pin' }).waitFor()
    },
  },
  {
    name: 'untitled pin',
    as: 'ana',
    path: (w) => `/pin/${w.untitledPinId}`,
    ready: (p) => p.getByRole('img', { name: 'An orange tent below a mountain' }).first().waitFor(),
  },
  { name: 'board', as: 'ana', path: (w) => `/board/${w.boardId}`, ready: heading(/Camping/) },
  { name: 'profile', as: 'ana', path: () => '/u/bea', ready: heading('bea') },
  { name: 'profile boards', as: 'ana', path: () => '/u/bea/boards', ready: heading('bea') },
  {
    name: 'search',
    as: 'ana',
    path: () => '/search?q=tent',
    ready: (p) => p.locator('.pin-card').first().waitFor(),
  },
  { name: 'pin builder', as: 'ana', path: () => '/pin-builder', ready: heading('Create a pin') },
  { name: 'messages', as: 'ana', path: () => '/messages', ready: showing('For the lake trip?') },
  {
    name: 'conversation',
    as: 'ana',
    path: (w) => `/messages/${w.conversationId}`,
    ready: (p) => p.locator('.msg-pin-card').first().waitFor(),
  },
  {
    name: 'messages panel open',
    as: 'ana',
    path: () => '/settings',
    ready: heading('Settings'),
    open: async (p) => {
      await p
        .getByRole('link', { name: /^Messages/ })
        .first()
        .click()
      await p.getByRole('dialog', { name: 'Messages' }).getByText('For the lake trip?').waitFor()
    },
    only: 'desktop',
  },
  { name: 'settings', as: 'ana', path: () => '/settings', ready: heading('Settings') },
  {
    name: 'settings: messages',
    as: 'ana',
    path: () => '/settings/messages',
    ready: heading('Settings'),
  },
  {
    name: 'settings: notifications',
    as: 'ana',
    path: () => '/settings/notifications',
    ready: heading('Settings'),
  },
  {
    name: 'settings: password',
    as: 'ana',
    path: () => '/settings/password',
    ready: heading('Settings'),
  },
  {
    name: 'settings: tokens',
    as: 'ana',
    path: () => '/settings/tokens',
    ready: heading('Settings'),
  },
  {
    name: 'settings: business',
    as: 'brand',
    path: () => '/settings/business',
    ready: heading('Settings'),
  },
  {
    name: 'settings: your data',
    as: 'ana',
    path: () => '/settings/data',
    ready: showing('Download your data'),
  },
  {
    name: 'settings: delete account dialog',
    as: 'ana',
    path: () => '/settings/data',
    ready: showing('Download your data'),
    open: async (p) => {
      await p.getByRole('button', { name: 'Delete account…' }).click()
      await p
        .getByRole('dialog', { name: 'Delete your account?' })
        .getByLabel('Your password')
        .waitFor()
    },
  },
  {
    name: 'new message dialog',
    as: 'ana',
    path: () => '/messages',
    ready: showing('For the lake trip?'),
    open: async (p) => {
      await p.getByRole('button', { name: 'New message' }).first().click()
      await p.getByRole('dialog', { name: 'New message' }).getByRole('combobox').waitFor()
    },
  },
  {
    name: 'own boards, create board dialog',
    as: 'ana',
    path: () => '/u/ana/boards',
    ready: heading('ana'),
    open: async (p) => {
      await p.getByRole('button', { name: 'Create board' }).first().click()
      await p.getByRole('dialog', { name: 'Create board' }).getByLabel('Board name').waitFor()
    },
  },
  { name: 'business', as: 'brand', path: () => '/business', ready: heading('Business') },
  {
    name: 'business: influencers',
    as: 'brand',
    path: () => '/business/influencers',
    ready: heading('Business'),
  },
  {
    name: 'business: analytics',
    as: 'brand',
    path: () => '/business/analytics',
    ready: heading('Business'),
  },
  {
    name: 'pin, report dialog open',
    as: 'ana',
    path: (w) => `/pin/${w.pinId}`,
    ready: heading(PIN_TITLE),
    open: async (p) => {
      await p.getByRole('button', { name: 'More options' }).click()
      await p.getByRole('menuitem', { name: 'Report pin' }).click()
      await p.getByRole('dialog', { name: 'Report this pin' }).getByRole('radio').first().waitFor()
    },
  },
  { name: 'notices', as: 'ana', path: () => '/notices', ready: heading('Notices') },
  {
    name: 'admin: open reports',
    as: 'admin',
    path: () => '/admin/reports',
    ready: (p) => p.getByRole('article').first().waitFor(),
  },
  {
    name: 'admin: closed reports',
    as: 'admin',
    path: () => '/admin/reports?status=closed',
    ready: (p) => p.getByRole('article').first().waitFor(),
  },
  {
    name: 'admin: audit log',
    as: 'admin',
    path: () => '/admin/audit',
    ready: (p) => p.getByRole('table').waitFor(),
  },
  {
    name: 'admin: settings',
    as: 'admin',
    path: () => '/admin/settings',
    ready: (p) => p.getByRole('radio', { name: /Invite only/ }).waitFor(),
  },
  { name: 'not found', as: 'ana', path: () => '/nothing/pinned/here', ready: showing(/not exist/) },
  { name: 'first sign-in', as: 'cy', path: () => '/onboarding', ready: heading(/.+/) },
  { name: 'log in', as: 'guest', path: () => '/login', ready: heading(/.+/) },
  { name: 'forgot password', as: 'guest', path: () => '/forgot-password', ready: heading(/.+/) },
  {
    name: 'reset password (no link)',
    as: 'guest',
    path: () => '/reset-password',
    ready: heading(/.+/),
  },
  { name: 'sign up', as: 'guest', path: () => '/signup', ready: heading(/.+/) },
  {
    name: 'confirm email (no link)',
    as: 'guest',
    path: () => '/confirm-email',
    ready: heading(/.+/),
  },
  { name: 'invite', as: 'guest', path: (w) => new URL(w.inviteUrl).pathname, ready: heading(/.+/) },
  {
    name: 'unsubscribe (bad link)',
    as: 'guest',
    path: () => '/unsubscribe/not-a-token',
    ready: heading(/.+/),
  },
  {
    name: 'pin, signed out',
    as: 'guest',
    path: (w) => `/pin/${w.pinId}`,
    ready: heading(PIN_TITLE),
  },
  { name: 'profile, signed out', as: 'guest', path: () => '/u/bea', ready: heading('bea') },
]

describe('Accessibility (axe-core) in Chromium', () => {
  beforeAll(async () => {
    const { browser, files } = suite
    const [ana, bea, cy, brand, guest] = await Promise.all([
      member(browser, 'ana'),
      member(browser, 'bea'),
      member(browser, 'cyd'),
      member(browser, 'trailhead', { account_type: 'BUSINESS', business_name: BRAND }),
      browser.newContext({ bypassCSP: true }).then(async (context) => ({
        username: '',
        context,
        page: await context.newPage(),
        csrf: '',
      })),
    ])
    // Bea pins a tent (and one picture with no title) to her board; Ana and she follow each
    // other, Ana saves and likes it and sends it to Bea, and invites a friend by email.
    for (const [a, b] of [
      [ana, bea],
      [bea, ana],
      [ana, brand],
      [brand, ana],
    ] as const) {
      await call(a, 'POST', `/v5/user_account/following/${b.username}`)
    }
    for (const who of [ana, bea, brand]) await call(who, 'POST', '/v5/onboarding/complete', {})
    const board = await call<{ id: string }>(bea, 'POST', '/v5/boards', { name: 'Camping' })
    const png = readFileSync(await makePng(files)).toString('base64')
    const newPin = (who: Member, boardId: string, fields: object) =>
      call<{ id: string }>(who, 'POST', '/v5/pins', {
        board_id: boardId,
        alt_text: 'An orange tent below a mountain',
        media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
        ...fields,
      })
    const pin = await newPin(bea, board.id, {
      title: PIN_TITLE,
      description: 'Two people, 900 g, pitches in five minutes.',
      link: 'https://gear.example.com/tents/ultralight',
    })
    const untitled = await newPin(bea, board.id, {})
    const brandBoard = await call<{ id: string }>(brand, 'POST', '/v5/boards', { name: 'Kit' })
    await newPin(brand, brandBoard.id, { title: 'Two-person trail tent' })
    const trips = await call<{ id: string }>(ana, 'POST', '/v5/boards', { name: 'Trips' })
    await call(ana, 'POST', `/v5/pins/${pin.id}/save`, { board_id: trips.id })
    const shared = await call<{
      conversations: { id: string; last_message: { id: string } | null }[]
    }>(ana, 'POST', '/v5/share', {
      recipients: [{ username: 'bea' }],
      attachment: { type: 'pin', id: pin.id },
      text: 'For the lake trip?',
      client_message_id: 'a11y-1',
    })
    await call(ana, 'POST', '/v5/share', {
      recipients: [{ email: FRIEND }],
      attachment: { type: 'pin', id: pin.id },
      client_message_id: 'a11y-2',
    })
    // Reports for the moderation queue: Bea reports Ana's message, Ana Bea's untitled pin,
    // which the admin (the first to sign up) dismisses, so the audit log has an entry and
    // Ana a notice.
    await call(bea, 'POST', '/v5/reports', {
      target: { type: 'message', id: shared.conversations[0]!.last_message!.id },
      reason: 'spam',
      note: 'Keeps sending me tents.',
    })
    const pinReport = await call<{ id: string }>(ana, 'POST', '/v5/reports', {
      target: { type: 'pin', id: untitled.id },
      reason: 'other',
    })
    const roles = await Promise.all(
      [ana, bea, cy, brand].map((m) => call<{ role: string | null }>(m, 'GET', '/v5/user_account')),
    )
    const admin = [ana, bea, cy, brand][roles.findIndex((r) => r.role === 'admin')]!
    await call(admin, 'POST', `/v5/admin/reports/${pinReport.id}/actions`, {
      action: 'dismiss',
      note: 'A picture of a tent is fine.',
    })
    const link = /http\S+\/invite\/\S+/
    const mail = await mailIn(suite.server.url, 'the invite', (m) => m.to === FRIEND)
    world = {
      ana,
      brand,
      cy,
      guest,
      pinId: pin.id,
      untitledPinId: untitled.id,
      boardId: board.id,
      conversationId: shared.conversations[0]!.id,
      inviteUrl: mail.text.match(link)![0],
      admin,
    }
  })

  describe.each(WIDTHS)('at $name width ($width×$height)', ({ name: width, ...size }) => {
    const screens = SCREENS.filter((s) => !s.only || s.only === width)
    it.each(screens)('$name: no serious or critical findings, an <h1>', async (screen) => {
      const { page } = world[screen.as]
      const picture = () => shot(page, `a11y-${width}-${screen.name.replace(/\W+/g, '-')}`)
      page.setDefaultTimeout(10_000)
      await page.setViewportSize(size)
      await page.goto(`${suite.server.url}${screen.path(world)}`)
      try {
        await screen.ready(page)
        await screen.open?.(page)
      } catch (err) {
        await picture()
        throw err
      }
      const findings = await failingFindings(page)
      if (findings.length) {
        await picture()
        console.log(`[a11y] ${width} · ${screen.name}\n${describeFindings(findings)}`)
      }
      expect(describeFindings(findings)).toBe('')
    })
  })
})
