import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app'

/** The CSP's directives by name, each a list of its sources. */
const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  )

describe('the Content-Security-Policy of pages', () => {
  let local: TestApp
  let hosted: TestApp
  beforeAll(async () => {
    local = await createTestApp('sqlite', { PUBLIC_URL: 'http://localhost:3000' })
    hosted = await createTestApp('sqlite', { PUBLIC_URL: 'https://pins.example.org/board/' })
  })
  afterAll(async () => {
    await local?.close()
    await hosted?.close()
  })

  it("lets pages connect only to the app's own origin: 'self' and its WebSocket form", async () => {
    for (const [t, ws] of [
      [local, 'ws://localhost:3000'],
      [hosted, 'wss://pins.example.org'],
    ] as const) {
      for (const url of ['/', '/pin/1', '/no-such-page']) {
        const res = await t.app.inject(url)
        const csp = res.headers['content-security-policy'] as string
        expect(csp, url).toBeTruthy()
        expect(directives(csp).get('connect-src'), url).toEqual(["'self'", ws])
      }
    }
  })
})
