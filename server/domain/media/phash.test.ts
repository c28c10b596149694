import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { dHash, hammingDistance, isDistinctive, samePicture } from './phash'

const flat = (color: string) =>
  sharp({ create: { width: 120, height: 90, channels: 3, background: color } })
    .jpeg()
    .toBuffer()

/** Left half dark, right half light: every row's bits say "not brighter than its right". */
async function stripes(width: number, height: number): Promise<Buffer> {
  const buf = Buffer.alloc(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) buf[y * width + x] = Math.floor(x / (width / 9)) % 2 ? 230 : 20
  }
  return sharp(buf, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer()
}

describe('perceptual hash (dHash)', () => {
  it('is 16 hex digits, and a resize or re-encode barely moves it', async () => {
    const big = await stripes(900, 800)
    const small = await sharp(big).resize(300, 260).jpeg({ quality: 50 }).toBuffer()
    const [a, b] = [await dHash(big), await dHash(small)]
    expect(a).toMatch(/^[0-9a-f]{16}$/)
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(6)
    expect(samePicture(a, b)).toBe(true)
  })

  it('a flat picture hashes to all zeros, and is never "the same picture" by its hash', async () => {
    const [red, blue] = [await dHash(await flat('#cc2200')), await dHash(await flat('#0033cc'))]
    expect(red).toBe('0000000000000000')
    expect(blue).toBe(red)
    expect(isDistinctive(red)).toBe(false)
    expect(samePicture(red, blue)).toBe(false)
  })

  it('counts differing bits; anything that is not a hash is as far as can be', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64)
    expect(hammingDistance('00000000000000ff', '000000000000000f')).toBe(4)
    expect(hammingDistance('0f0f0f0f0f0f0f0f', '0f0f0f0f0f0f0f0f')).toBe(0)
    expect(hammingDistance('zz', '0f0f0f0f0f0f0f0f')).toBe(64)
    expect(isDistinctive('0f0f0f0f0f0f0f0f')).toBe(true)
  })
})
