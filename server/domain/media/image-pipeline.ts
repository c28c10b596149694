import sharp, { type Metadata } from 'sharp'
import type { ImageSize } from '../../../protocol/api'
import { BadRequestError, UnsupportedMediaError } from '../../errors'
import { dHash } from './phash'
import { IMAGE_SIZES, variantSize } from './urls'

/** Decoding more pixels than this is refused (a small PNG can claim a huge canvas). */
export const MAX_INPUT_PIXELS = 40_000_000

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif'

/** The format the first bytes announce, or null for anything that is not an accepted image. */
export function sniffImageFormat(data: Buffer): ImageFormat | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg'
  if (data.length >= 8 && data.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png'
  if (data.length >= 6 && /^GIF8[79]a$/.test(data.subarray(0, 6).toString('latin1'))) return 'gif'
  if (
    data.length >= 12 &&
    data.subarray(0, 4).toString('latin1') === 'RIFF' &&
    data.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'webp'
  }
  return null
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export interface ProcessedImage {
  width: number
  height: number
  dominantColor: string
  /** the perceptual hash (phash.ts), from the 600-wide variant */
  phash: string
  variants: Map<ImageSize, Buffer>
}

const hex = (n: number) =>
  Math.max(0, Math.min(255, Math.round(n)))
    .toString(16)
    .padStart(2, '0')

/**
 * Decodes an upload and re-encodes it into the stored sizes as progressive JPEG. Only pixels
 * survive: EXIF (GPS, camera), ICC and XMP metadata are dropped, orientation is applied.
 */
export async function processImage(data: Buffer): Promise<ProcessedImage> {
  if (!sniffImageFormat(data)) {
    throw new UnsupportedMediaError(
      'The upload is not a JPEG, PNG, WebP or GIF image.',
      'not_an_image',
    )
  }
  const base = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
  let meta: Metadata
  try {
    // Reads only the header, so the pixel count is known before anything is decoded.
    meta = await sharp(data, { limitInputPixels: false }).metadata()
  } catch {
    throw new UnsupportedMediaError('The image could not be decoded.', 'not_an_image')
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0)
  if (!pixels) throw new UnsupportedMediaError('The image could not be decoded.', 'not_an_image')
  if (pixels > MAX_INPUT_PIXELS) {
    throw new BadRequestError(
      `The image has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels.`,
      'image_too_large',
    )
  }
  const width = meta.autoOrient?.width ?? meta.width
  const height = meta.autoOrient?.height ?? meta.height

  const oriented = base.clone().rotate().flatten({ background: '#ffffff' })
  const variants = new Map<ImageSize, Buffer>()
  try {
    // One variant at a time: a 40-megapixel decode is large, four at once would be four times that.
    for (const size of IMAGE_SIZES) {
      const target = variantSize(size, width, height)
      const out = await oriented
        .clone()
        .resize({ width: target.width, height: target.height, fit: 'cover' })
        .jpeg({ quality: 82, progressive: true })
        .toBuffer()
      variants.set(size, out)
    }
  } catch {
    throw new UnsupportedMediaError('The image could not be decoded.', 'not_an_image')
  }
  const { dominant } = await sharp(variants.get('150x150')!).stats()
  const phash = await dHash(variants.get('600x')!)
  return {
    width,
    height,
    dominantColor: `#${hex(dominant.r)}${hex(dominant.g)}${hex(dominant.b)}`.toUpperCase(),
    phash,
    variants,
  }
}
