import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { base64Source, createPin, makeBoard, png } from './pin-fixtures'

let bombPng: Promise<Buffer> | undefined
/** A 20000x20000 PNG: tiny on disk, 400 megapixels decoded. Made once for both dialects. */
const pixelBomb = () =>
  (bombPng ??= sharp({
    create: { width: 20000, height: 20000, channels: 3, background: '#000000' },
    limitInputPixels: false,
  })
    .png({ compressionLevel: 9 })
    .toBuffer())

const keyOf = (url: string) => /\/media\/([0-9a-f]{32})\//.exec(url)![1]!

for (const dialect of DIALECTS) {
  describe(`media [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    let board: string

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ana = await signUp(t)
      bo = await signUp(t)
      board = await makeBoard(t, ana)
    })
    afterAll(() => t.close())

    it('stores every variant as a progressive JPEG of the advertised size', async () => {
      const pin = await createPin(t, ana, board, {
        media_source: base64Source(await png(1600, 900, '#ff8800')),
      })
      const key = keyOf(pin.media.images['150x150']!.url)
      expect(key).toMatch(/^[0-9a-f]{32}$/)
      const dir = join(t.ctx.config.mediaDir, key)
      expect(readdirSync(dir).sort()).toEqual(
        ['1200x.jpg', '150x150.jpg', '400x300.jpg', '600x.jpg'].sort(),
      )
      for (const [size, variant] of Object.entries(pin.media.images) as [
        string,
        { width: number; height: number; url: string },
      ][]) {
        const meta = await sharp(readFileSync(join(dir, `${size}.jpg`))).metadata()
        expect(meta.format).toBe('jpeg')
        expect(meta.isProgressive).toBe(true)
        expect({ width: meta.width, height: meta.height }).toEqual({
          width: variant.width,
          height: variant.height,
        })
      }
      expect(pin.media.images['1200x']).toMatchObject({ width: 1200, height: 675 })
      expect(pin.dominant_color).toMatch(/^#[0-9A-F]{6}$/)
      // an orange image has an orange dominant colour
      const [r, g, b] = [1, 3, 5].map((i) =>
        parseInt(String(pin.dominant_color).slice(i, i + 2), 16),
      )
      expect(r).toBeGreaterThan(200)
      expect(b).toBeLessThan(60)
      expect(g).toBeGreaterThan(100)
    })

    it('strips EXIF (and GPS) from uploads and applies the orientation', async () => {
      const withExif = await sharp({
        create: { width: 300, height: 200, channels: 3, background: '#228833' },
      })
        .jpeg()
        .withMetadata({
          orientation: 6,
          exif: { IFD0: { Copyright: 'secret camera owner', Artist: 'someone' } },
        })
        .toBuffer()
      const check = await sharp(withExif).metadata()
      expect(check.exif).toBeDefined()
      const pin = await createPin(t, ana, board, {
        media_source: base64Source(withExif, 'image/jpeg'),
      })
      const key = keyOf(pin.media.images['600x']!.url)
      for (const size of ['150x150', '400x300', '600x', '1200x']) {
        const file = readFileSync(join(t.ctx.config.mediaDir, key, `${size}.jpg`))
        const meta = await sharp(file).metadata()
        expect(meta.exif).toBeUndefined()
        expect(meta.orientation).toBeUndefined()
        expect(file.includes(Buffer.from('secret camera owner'))).toBe(false)
      }
      // orientation 6 rotates a 300x200 image to 200x300
      expect(pin.media.images['1200x']).toMatchObject({ width: 200, height: 300 })
    })

    it('refuses a non-image (415), a pixel bomb (4xx) and an oversized body (413)', async () => {
      const post = (payload: unknown) =>
        callAs(t, ana, {
          method: 'POST',
          url: '/v5/pins',
          payload: payload as Record<string, unknown>,
        })
      const notImage = await post({
        board_id: board,
        media_source: base64Source(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')),
      })
      expect(notImage.statusCode).toBe(415)
      expect(notImage.json()).toMatchObject({ code: 415, reason: 'not_an_image' })

      const truncated = (await png(200, 200)).subarray(0, 60)
      const broken = await post({ board_id: board, media_source: base64Source(truncated) })
      expect(broken.statusCode).toBeGreaterThanOrEqual(400)
      expect(broken.statusCode).toBeLessThan(500)

      const bomb = await pixelBomb()
      expect(bomb.length).toBeLessThan(2 * 1024 * 1024)
      const big = await post({ board_id: board, media_source: base64Source(bomb) })
      expect(big.statusCode).toBeGreaterThanOrEqual(400)
      expect(big.statusCode).toBeLessThan(500)
      expect(big.json()).toMatchObject({ reason: 'image_too_large' })

      const huge = await callAs(t, ana, {
        method: 'POST',
        url: '/v5/pins',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          board_id: board,
          media_source: {
            source_type: 'image_base64',
            content_type: 'image/png',
            data: 'A'.repeat(16 * 1024 * 1024),
          },
        }),
      })
      expect(huge.statusCode).toBe(413)
      expect(huge.json()).toMatchObject({ code: 413 })
      const count = await t.ctx.db
        .selectFrom('pins')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(count.n)).toBe(2)
    })

    it('serves media to those who may see it, privately cached, and 404s bad paths', async () => {
      const pin = await createPin(t, ana, board)
      const path = new URL(pin.media.images['400x300']!.url).pathname
      const res = await callAs(t, null, { method: 'GET', url: path })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('image/jpeg')
      expect(res.headers['cache-control']).toContain('private')
      expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
      const key = keyOf(path)
      for (const url of [
        `/media/${key}/999x.jpg`,
        `/media/${key}/..%2F..%2Fetc.jpg`,
        `/media/${'0'.repeat(32)}/600x.jpg`,
        `/media/not-a-key/600x.jpg`,
      ]) {
        expect((await callAs(t, null, { method: 'GET', url })).statusCode, url).toBe(404)
      }
    })

    it('shows an uploaded but unpinned image only to its owner', async () => {
      const stored = await t.ctx.services.media.ingest(Number(ana.id), await png(50, 50))
      const url = `/media/${stored.key}/150x150.jpg`
      expect((await callAs(t, ana, { method: 'GET', url })).statusCode).toBe(200)
      expect((await callAs(t, bo, { method: 'GET', url })).statusCode).toBe(404)
      expect(stored.dominant_color).toMatch(/^#[0-9A-F]{6}$/)
    })

    it('sets a profile image that everyone may load', async () => {
      const res = await callAs(t, bo, {
        method: 'PUT',
        url: '/v5/user_account/avatar',
        payload: base64Source(await png(300, 300, '#aa00aa')),
      })
      expect(res.statusCode).toBe(200)
      const url = res.json().profile_image as string
      expect(url).toMatch(/^http:\/\/localhost:3000\/media\/[0-9a-f]{32}\/150x150\.jpg$/)
      const img = await callAs(t, null, { method: 'GET', url: new URL(url).pathname })
      expect(img.statusCode).toBe(200)
      const profile = await callAs(t, null, { method: 'GET', url: `/v5/users/${bo.username}` })
      expect(profile.json().profile_image).toBe(url)
      const notImage = await callAs(t, bo, {
        method: 'PUT',
        url: '/v5/user_account/avatar',
        payload: base64Source(Buffer.from('hello world')),
      })
      expect(notImage.statusCode).toBe(415)
    })
  })
}
