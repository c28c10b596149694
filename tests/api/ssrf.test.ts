import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin, makeBoard, png } from './pin-fixtures'

/** A local "internet" serving an image, a redirect to it, and a count of requests served. */
async function imageServer() {
  const image = await png(640, 480, '#cc3344')
  let hits = 0
  const server: Server = createServer((req, res) => {
    hits++
    if (req.url === '/image.png') {
      res.writeHead(200, { 'content-type': 'image/png' })
      return res.end(image)
    }
    if (req.url === '/moved') {
      res.writeHead(301, { location: '/image.png' })
      return res.end()
    }
    if (req.url === '/text') return res.end('not an image')
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    hits: () => hits,
    close() {
      server.closeAllConnections()
      server.close()
    },
  }
}

type ImageServer = Awaited<ReturnType<typeof imageServer>>

for (const dialect of DIALECTS) {
  describe(`image_url fetches [${dialect}]`, () => {
    let remote: ImageServer
    beforeAll(async () => {
      remote = await imageServer()
    })
    afterAll(() => remote.close())

    describe('with the default config (public addresses only)', () => {
      let t: TestApp
      let ana: TestUser
      let board: string
      beforeAll(async () => {
        t = await createTestApp(dialect)
        ana = await signUp(t)
        board = await makeBoard(t, ana)
      })
      afterAll(() => t.close())

      const fromUrl = (url: string) =>
        callAs(t, ana, {
          method: 'POST',
          url: '/v5/pins',
          payload: { board_id: board, media_source: { source_type: 'image_url', url } },
        })

      it.each([
        'http://127.0.0.1/image.png',
        'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
        'http://[::1]/image.png',
        'http://[::ffff:127.0.0.1]/image.png',
        'http://[::ffff:a9fe:a9fe]/',
        'http://0x7f000001/image.png',
        'http://2130706433/image.png',
        'http://10.0.0.1/image.png',
        'http://192.168.1.1/image.png',
        'http://100.64.0.1/image.png',
        'http://0.0.0.0/image.png',
        'http://[fe80::1]/image.png',
        'http://[fd00::1]/image.png',
        'file:///etc/passwd',
        'ftp://example.com/a.png',
        'gopher://127.0.0.1:25/',
      ])('refuses %s with 4xx before connecting', async (url) => {
        const before = remote.hits()
        const res = await fromUrl(url)
        expect(res.statusCode).toBeGreaterThanOrEqual(400)
        expect(res.statusCode).toBeLessThan(500)
        expect(res.json().code).toBe(res.statusCode)
        expect(remote.hits()).toBe(before)
      })

      it('refuses a name that resolves to loopback (checked at connect time)', async () => {
        const port = new URL(remote.base).port
        const before = remote.hits()
        const res = await fromUrl(`http://localhost:${port}/image.png`)
        expect(res.statusCode).toBe(400)
        expect(res.json()).toMatchObject({ code: 400, reason: 'image_url_not_allowed' })
        expect(remote.hits()).toBe(before)
      })

      it('refuses the local server itself (the redirect source) too', async () => {
        const res = await fromUrl(`${remote.base}/moved`)
        expect(res.statusCode).toBe(400)
        expect(res.json().reason).toBe('image_url_not_allowed')
      })

      it("takes this server's own media from local storage, without fetching", async () => {
        const pin = await createPin(t, ana, board)
        const url = pin.media.images['600x']!.url
        expect(url.startsWith('http://localhost:3000/media/')).toBe(true)
        const res = await fromUrl(url)
        expect(res.statusCode).toBe(201)
        expect(res.json().media.images['600x'].url).toBe(url)
        const media = await t.ctx.db
          .selectFrom('media')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
        expect(Number(media.n)).toBe(1)
      })

      it("refuses someone else's secret media URL as if it did not exist", async () => {
        const bo = await signUp(t)
        const secret = await makeBoard(t, bo, 'SECRET')
        const pin = await createPin(t, bo, secret)
        const res = await fromUrl(pin.media.images['150x150']!.url)
        expect(res.statusCode).toBe(404)
      })
    })

    describe('with ALLOW_PRIVATE_IMAGE_URLS=1 (a local server stands in for the internet)', () => {
      let t: TestApp
      let ana: TestUser
      let board: string
      beforeAll(async () => {
        t = await createTestApp(dialect, { ALLOW_PRIVATE_IMAGE_URLS: '1' })
        ana = await signUp(t)
        board = await makeBoard(t, ana)
      })
      afterAll(() => t.close())

      const fromUrl = (url: string) =>
        callAs(t, ana, {
          method: 'POST',
          url: '/v5/pins',
          payload: {
            board_id: board,
            title: 'fetched',
            link: 'https://example.com/',
            media_source: { source_type: 'image_url', url },
          },
        })

      it('creates a pin from an image URL, following a redirect', async () => {
        for (const path of ['/image.png', '/moved']) {
          const res = await fromUrl(`${remote.base}${path}`)
          expect(res.statusCode, path).toBe(201)
          expect(res.json().media.images['1200x']).toMatchObject({ width: 640, height: 480 })
          expect(res.json().dominant_color).toMatch(/^#[0-9A-F]{6}$/)
          const img = await callAs(t, null, {
            method: 'GET',
            url: new URL(res.json().media.images['400x300'].url).pathname,
          })
          expect(img.statusCode).toBe(200)
        }
      })

      it('refuses what is not an image, and a missing one', async () => {
        const text = await fromUrl(`${remote.base}/text`)
        expect(text.statusCode).toBe(415)
        const missing = await fromUrl(`${remote.base}/nothing-here`)
        expect(missing.statusCode).toBe(400)
        expect(missing.json().reason).toBe('image_fetch_failed')
      })
    })
  })
}
