import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  chromium,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll } from 'vitest'
import { nodeArgs } from '../support/bundled'
import { freePort } from '../support/ports'

export const ROOT = resolve(import.meta.dirname, '../..')
export const SHOTS_DIR = join(ROOT, 'test-results', 'e2e')

export interface CorkboardServer {
  url: string
  stop(): Promise<void>
}

/**
 * A real Corkboard process on a fresh data directory, ready when /healthz answers: the run's
 * bundle of server/main.ts (tests/support/server-bundle.ts: half the start-up of tsx), else tsx.
 */
export async function startCorkboard(env: Record<string, string> = {}): Promise<CorkboardServer> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'corkboard-e2e-'))
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(process.execPath, nodeArgs('server/main.ts'), {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'off',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: url,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group, so stopping it also stops anything it started.
    detached: true,
  })
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig)
    } catch {
      // already gone
    }
  }
  let exited = false
  // A server whose suite never got to stop it (its beforeAll failed half-way) dies with the run.
  const killOnExit = () => signal('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => {
    exited = true
    process.off('exit', killOnExit)
  })

  const deadline = Date.now() + 60_000
  for (;;) {
    if (exited) throw new Error('Corkboard exited before it was ready')
    try {
      const res = await fetch(`${url}/healthz`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      signal('SIGKILL')
      throw new Error('Corkboard did not answer /healthz within 60 s')
    }
    await new Promise((r) => setTimeout(r, 250))
  }

  return {
    url,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r))
        signal('SIGTERM')
        const timer = setTimeout(() => signal('SIGKILL'), 10_000)
        await done
        clearTimeout(timer)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface ArticleServer {
  url: string
  hits: string[]
  close(): Promise<void>
}

/** A tiny local "website" that pins link to, so opening a source never leaves the machine. */
export async function startArticleServer(): Promise<ArticleServer> {
  const hits: string[] = []
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end('<!doctype html><title>Trail article</title><h1>The best tents for a wet weekend</h1>')
  })
  const port = await new Promise<number>((ok) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      ok(typeof address === 'object' && address ? address.port : 0)
    }),
  )
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok())
        server.closeAllConnections()
      }),
  }
}

/** A tall PNG with some shapes, written to a temp file for the file picker. */
export async function makePng(dir: string): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="840">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#f6c48a"/><stop offset="1" stop-color="#b4532a"/>
    </linearGradient></defs>
    <rect width="600" height="840" fill="url(#g)"/>
    <circle cx="420" cy="200" r="90" fill="#fff3d6"/>
    <path d="M0 640 L180 380 L330 600 L430 470 L600 700 L600 840 L0 840 Z" fill="#4b3a2f"/>
    <path d="M230 700 L300 560 L370 700 Z" fill="#2f6b4f"/>
  </svg>`
  const file = join(dir, 'tent.png')
  await sharp(Buffer.from(svg)).png().toFile(file)
  return file
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'corkboard-e2e-files-'))
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true })
  // Let the pictures on screen finish loading (lazy ones below the fold stay unloaded).
  await page
    .waitForFunction(
      () =>
        Array.from(document.images).every((img) => {
          const box = img.getBoundingClientRect()
          const onScreen = box.bottom > 0 && box.top < window.innerHeight && box.width > 0
          return !onScreen || img.complete
        }),
      undefined,
      { timeout: 5000 },
    )
    .catch(() => undefined)
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage })
}

/**
 * Holds back the page's `GET /v5/boards` (a slow network) until the returned release is
 * called; the hold is lifted for later loads too.
 */
export async function holdBoards(page: Page): Promise<() => Promise<void>> {
  let release = () => {}
  const held = new Promise<void>((r) => (release = r))
  const isBoards = (url: URL) => url.pathname === '/v5/boards'
  await page.route(isBoards, async (route) => {
    if (route.request().method() === 'GET') await held
    await route.fallback()
  })
  return async () => {
    release()
    await page.unroute(isBoards)
  }
}

export const PASSWORD = 'correct horse battery'

/** Someone signed up over the API, in a browser context of their own. */
export interface Person {
  username: string
  context: BrowserContext
  page: Page
  request: APIRequestContext
  csrf: string
}

export async function signUpPerson(
  browser: Browser,
  url: string,
  username: string,
  width = 1280,
  height = 860,
  /** `bypassCSP: true` lets axe be injected (layout-checks.ts expectAccessible) */
  options: { bypassCSP?: boolean } = {},
): Promise<Person> {
  const context = await browser.newContext({ viewport: { width, height }, ...options })
  const page = await context.newPage()
  const res = await context.request.post(`${url}/v5/auth/signup`, {
    data: { username, email: `${username}@example.test`, password: PASSWORD },
  })
  if (res.status() !== 201) throw new Error(`sign-up ${username}: ${await res.text()}`)
  const { csrf_token } = (await res.json()) as { csrf_token: string }
  await skipOnboarding(url, context.request, csrf_token)
  return { username, context, page, request: context.request, csrf: csrf_token }
}

/**
 * Marks first sign-in (topics, people to follow) as skipped, so the home feed opens at once:
 * for people a test sets up over the API (tests/e2e/onboarding.e2e.test.ts walks through it).
 */
export async function skipOnboarding(url: string, request: APIRequestContext, csrf: string) {
  const res = await request.post(`${url}/v5/onboarding/complete`, {
    headers: { 'x-csrf-token': csrf },
    data: {},
  })
  if (!res.ok()) throw new Error(`skipping first sign-in: ${res.status()} ${await res.text()}`)
}

/** An API call as `person` (their session cookie and CSRF token); throws unless it succeeds. */
export async function callAs<T>(
  url: string,
  person: Person,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await person.request.fetch(`${url}${path}`, {
    method,
    headers: {
      'x-csrf-token': person.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    data: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok()) throw new Error(`${method} ${path} → ${res.status()} ${await res.text()}`)
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** A mail as the embedded outbox shows it at `/dev/mailbox.json`. */
export interface OutboxMail {
  to: string
  subject: string
  text: string
  html: string | null
  created_at: string
}

/**
 * The newest mail in the server's embedded outbox that `matches`, once a job has put it there
 * (the tests run on the server's machine: the outbox answers loopback requests).
 */
export async function mailIn(
  url: string,
  what: string,
  matches: (mail: OutboxMail) => boolean,
): Promise<OutboxMail> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const res = await fetch(`${url}/dev/mailbox.json`)
    if (!res.ok) throw new Error(`the mailbox answered ${res.status}`)
    const { items } = (await res.json()) as { items: OutboxMail[] }
    const mail = items.find(matches)
    if (mail) return mail
    if (Date.now() > deadline) throw new Error(`no ${what} among ${items.length} mails in 20 s`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** What `corkboardSuite` starts for a suite; each field is set once its beforeAll has run. */
export interface CorkboardSuite {
  server: CorkboardServer
  browser: Browser
  /** a temp folder of the suite's own (pictures to upload) */
  files: string
}

/**
 * A Corkboard server (with `env`), Chromium and a temp folder for the suite it is called in:
 * started before its tests, stopped and removed after them.
 */
export function corkboardSuite(env: Record<string, string> = {}): CorkboardSuite {
  const suite = {} as Partial<CorkboardSuite>
  beforeAll(async () => {
    suite.files = tempDir()
    ;[suite.server, suite.browser] = await Promise.all([startCorkboard(env), launchChromium()])
  })
  afterAll(async () => {
    await suite.browser?.close()
    await suite.server?.stop()
    if (suite.files) rmSync(suite.files, { recursive: true, force: true })
  })
  return suite as CorkboardSuite
}
