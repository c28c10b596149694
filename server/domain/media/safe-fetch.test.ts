import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeFetch, type SafeFetchOptions } from './safe-fetch'

/** Only 127.0.0.1 is "public" here, so a local server can stand in for the internet. */
const opts: SafeFetchOptions = {
  allowAddress: (ip) => ip === '127.0.0.1',
  maxBytes: 1024,
  timeoutMs: 2000,
  maxRedirects: 3,
}

describe('safeFetch', () => {
  let server: Server
  let base: string
  let port: number
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '/'
      if (url === '/ok') return res.end('hello')
      if (url === '/big') return res.end(Buffer.alloc(4096))
      if (url === '/big-chunked') {
        res.write(Buffer.alloc(800))
        res.write(Buffer.alloc(800))
        return res.end()
      }
      if (url === '/slow') return // never answers
      if (url.startsWith('/to/')) {
        res.writeHead(302, { location: decodeURIComponent(url.slice(4)) })
        return res.end()
      }
      if (url.startsWith('/hops/')) {
        const n = Number(url.slice(6))
        res.writeHead(302, { location: n > 0 ? `/hops/${n - 1}` : '/ok' })
        return res.end()
      }
      res.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
    base = `http://127.0.0.1:${port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
  })

  const reason = (p: Promise<unknown>) =>
    p.then(
      () => 'fetched',
      (e: { reason?: string }) => e.reason,
    )

  it('fetches from an allowed address and follows up to 3 redirects', async () => {
    expect((await safeFetch(`${base}/ok`, opts)).toString()).toBe('hello')
    expect((await safeFetch(`${base}/hops/2`, opts)).toString()).toBe('hello')
    expect(await reason(safeFetch(`${base}/hops/3`, opts))).toBe('image_fetch_failed')
  })

  it('re-checks every redirect: a hop to a private address is refused', async () => {
    for (const target of [
      `http://127.0.0.2:${port}/ok`,
      `http://[::1]:${port}/ok`,
      'http://169.254.169.254/latest/meta-data/',
      'file:///etc/passwd',
    ]) {
      const r = await reason(safeFetch(`${base}/to/${encodeURIComponent(target)}`, opts))
      expect(r, target).toMatch(/^(image_url_not_allowed|invalid_image_url)$/)
    }
  })

  it('checks names at connect time (a name resolving to a refused address)', async () => {
    const onlyOther = { ...opts, allowAddress: (ip: string) => ip === '203.0.113.9' }
    expect(await reason(safeFetch(`http://localhost:${port}/ok`, onlyOther))).toBe(
      'image_url_not_allowed',
    )
  })

  it('caps the size (declared or streamed) and the time', async () => {
    expect(await reason(safeFetch(`${base}/big`, opts))).toBe('image_too_large')
    expect(await reason(safeFetch(`${base}/big-chunked`, opts))).toBe('image_too_large')
    const started = Date.now()
    expect(await reason(safeFetch(`${base}/slow`, { ...opts, timeoutMs: 300 }))).toBe(
      'image_fetch_timeout',
    )
    expect(Date.now() - started).toBeLessThan(2000)
    expect(await reason(safeFetch(`${base}/missing`, opts))).toBe('image_fetch_failed')
  })
})
