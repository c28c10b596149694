import type { ImageSize, ImageVariant } from '../../../protocol/api'

export const IMAGE_SIZES: readonly ImageSize[] = ['150x150', '400x300', '600x', '1200x']

/** The width and height of each stored variant, given the original's size. */
export function variantSize(size: ImageSize, width: number, height: number) {
  switch (size) {
    case '150x150':
      return { width: 150, height: 150 }
    case '400x300':
      return { width: 400, height: 300 }
    case '600x':
    case '1200x': {
      const w = Math.min(size === '600x' ? 600 : 1200, width)
      return { width: w, height: Math.max(1, Math.round((height * w) / width)) }
    }
  }
}

export function mediaPath(key: string, size: ImageSize) {
  return `/media/${key}/${size}.jpg`
}

export function mediaImages(
  publicUrl: string,
  key: string,
  width: number,
  height: number,
): Record<ImageSize, ImageVariant> {
  const images = {} as Record<ImageSize, ImageVariant>
  for (const size of IMAGE_SIZES) {
    images[size] = { ...variantSize(size, width, height), url: publicUrl + mediaPath(key, size) }
  }
  return images
}
