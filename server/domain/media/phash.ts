import sharp from 'sharp'

/** How many of the 64 bits two hashes may differ in and still be the same picture. */
export const SAME_PICTURE_MAX_DISTANCE = 6

/**
 * The picture's difference hash (dHash): greyscale, shrunk to 9×8 (aspect ignored), each bit
 * whether a pixel is brighter than its right-hand neighbour — 64 bits as 16 hex digits.
 * Re-encoding and resizing barely move it; a different picture lands about 32 bits away.
 * Computed from a stored variant (the 600-wide one), so a hash made at ingest and one made
 * later from the file agree.
 */
export async function dHash(image: Buffer): Promise<string> {
  const { data, info } = await sharp(image)
    .greyscale()
    .resize(9, 8, { fit: 'fill', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const channels = info.channels
  let hash = 0n
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const left = data[(y * 9 + x) * channels]!
      const right = data[(y * 9 + x + 1) * channels]!
      hash = (hash << 1n) | (left > right ? 1n : 0n)
    }
  }
  return hash.toString(16).padStart(16, '0')
}

const HASH_RE = /^[0-9a-f]{16}$/

function bitCount(x: bigint): number {
  let n = 0
  while (x) {
    n += Number(x & 1n)
    x >>= 1n
  }
  return n
}

/** The number of bits two hashes differ in (64 when either is not a hash). */
export function hammingDistance(a: string, b: string): number {
  if (!HASH_RE.test(a) || !HASH_RE.test(b)) return 64
  return bitCount(BigInt(`0x${a}`) ^ BigInt(`0x${b}`))
}

/**
 * Whether a hash says enough about its picture to be matched: a flat or evenly shaded picture
 * (a plain colour, a smooth gradient) hashes to nearly all zeros or all ones, as every other
 * such picture does, so it is never "the same picture" as another by its hash.
 */
export function isDistinctive(hash: string): boolean {
  if (!HASH_RE.test(hash)) return false
  const bits = bitCount(BigInt(`0x${hash}`))
  return bits >= 8 && bits <= 56
}

/** Whether two hashes are of the same picture (re-encoded, resized). */
export function samePicture(a: string, b: string): boolean {
  return isDistinctive(a) && hammingDistance(a, b) <= SAME_PICTURE_MAX_DISTANCE
}
