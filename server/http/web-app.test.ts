import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { precompress } from '../../scripts/web-build'
import { installCompression } from './compression'
import { installWebApp } from './web-app'

/** A built web app's files (as Vite names them), their twins written as the build writes them. */
const dir = mkdtempSync(join(tmpdir(), 'corkboard-web-app-'))
const script = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word${i}`))}\n`
const app = Fastify({ logger: false })

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Corkboard</title>')
  writeFileSync(join(dir, '.build-stamp'), 'f00d\n')
  writeFileSync(join(dir, 'assets', 'index-Bx1t9AaZ.js'), script)
  writeFileSync(join(dir, 'assets', 'tiny-C0ffee00.js'), 'export {}\n')
  await precompress(dir)
  await installCompression(app)
  app.get('/v5/big', async () => ({
    items: Array.from({ length: 200 }, (_, i) => ({ id: `${i}` })),
  }))
  app.get('/v5/small', async () => ({ ok: true }))
  await installWebApp(app, dir)
  await app.ready()
})

afterAll(async () => {
  await app.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the web app’s files', () => {
  it('writes brotli and gzip twins of text files worth compressing, none of tiny ones', () => {
    const twin = (ext: string) => readFileSync(join(dir, 'assets', `index-Bx1t9AaZ.js.${ext}`))
    expect(brotliDecompressSync(twin('br')).toString()).toBe(script)
    expect(gunzipSync(twin('gz')).toString()).toBe(script)
    expect(() => readFileSync(join(dir, 'assets', 'tiny-C0ffee00.js.br'))).toThrow()
  })

  it('sends a hashed asset as the twin the browser accepts, cached for a year as immutable', async () => {
    for (const [accept, encoding, decode] of [
      ['br, gzip', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
    ] as const) {
      const res = await app.inject({
        url: '/assets/index-Bx1t9AaZ.js',
        headers: { 'accept-encoding': accept },
      })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-encoding']).toBe(encoding)
      expect(res.headers['content-type']).toMatch(/javascript/)
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(res.headers.vary).toMatch(/accept-encoding/)
      expect(decode(res.rawPayload).toString()).toBe(script)
    }
    const plain = await app.inject('/assets/index-Bx1t9AaZ.js')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(script)
  })

  it('has the app page revalidated on every visit', async () => {
    const res = await app.inject('/')
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-cache')
    expect(res.body).toContain('<title>Corkboard</title>')
    expect((await app.inject('/.build-stamp')).statusCode).toBe(404)
    // too small for a twin: compressed on the way instead
    const br = await app.inject({ url: '/', headers: { 'accept-encoding': 'br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain('<title>Corkboard</title>')
  })
})

describe('API answers', () => {
  it('are compressed over 1 KB when the client accepts it, as it prefers', async () => {
    const big = await app.inject({ url: '/v5/big', headers: { 'accept-encoding': 'gzip' } })
    expect(big.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(big.rawPayload).toString()).items).toHaveLength(200)
    const br = await app.inject({ url: '/v5/big', headers: { 'accept-encoding': 'gzip, br' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString()).items).toHaveLength(200)
  })

  it('are sent as they are when small or when the client takes no compression', async () => {
    const small = await app.inject({ url: '/v5/small', headers: { 'accept-encoding': 'gzip' } })
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.json()).toEqual({ ok: true })
    const plain = await app.inject('/v5/big')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.json().items).toHaveLength(200)
  })
})
