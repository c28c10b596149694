import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { ImageSize } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { BadRequestError, NotFoundError, PayloadTooLargeError } from '../../errors'
import { isPublicAddress } from './address-guard'
import { processImage } from './image-pipeline'
import { dHash } from './phash'
import { createMediaRepository } from './repository'
import { DEFAULT_FETCH_LIMITS, safeFetch } from './safe-fetch'
import { IMAGE_SIZES } from './urls'
import type { Units } from '../unit'

export interface StoredMedia {
  key: string
  width: number
  height: number
  dominant_color: string
}

export type MediaSource =
  | { source_type: 'image_base64'; content_type: string; data: string }
  | { source_type: 'image_url'; url: string }

/** Largest accepted image, decoded (the base64 body is about a third larger). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024
const KEY_RE = /^[0-9a-f]{32}$/
/** Hashes computed from stored files per call at most (older images; see `phashes`). */
export const PHASH_FILL_MAX = 50
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/

export function isMediaKey(key: string) {
  return KEY_RE.test(key)
}

export function createMediaService(deps: {
  units: Units
  log: Logger
  mediaDir: string
  publicUrl: string
  allowPrivateUrls: boolean
}) {
  const { units, log, mediaDir, publicUrl, allowPrivateUrls } = deps
  const repo = createMediaRepository(units.db)
  const ownMediaRe = new RegExp(
    `^${publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/media/([0-9a-f]{32})/(?:${IMAGE_SIZES.join('|')})\\.jpg$`,
  )

  async function writeVariants(key: string, variants: Map<ImageSize, Buffer>) {
    const dir = join(mediaDir, key)
    await mkdir(dir, { recursive: true })
    // Written under a temporary name, then renamed: a reader never sees half a file.
    for (const [size, data] of variants) {
      const tmp = join(dir, `.${size}.${randomBytes(6).toString('hex')}.tmp`)
      await writeFile(tmp, data)
      await rename(tmp, join(dir, `${size}.jpg`))
    }
  }

  const service = {
    /** Decodes, re-encodes and stores an image owned by `ownerId`. Used by uploads and the demo seeder. */
    async ingest(ownerId: number, data: Buffer): Promise<StoredMedia> {
      if (data.length > MAX_IMAGE_BYTES) {
        throw new PayloadTooLargeError(`Images are limited to ${MAX_IMAGE_BYTES >> 20} MB.`)
      }
      const image = await processImage(data)
      const key = randomBytes(16).toString('hex')
      try {
        await writeVariants(key, image.variants)
        const row = {
          key,
          owner_id: ownerId,
          width: image.width,
          height: image.height,
          dominant_color: image.dominantColor,
          phash: image.phash,
          created_at: nowIso(),
        }
        await units.run(({ trx }) => repo.insert(trx, row))
      } catch (err) {
        await service.removeFiles(key)
        throw err
      }
      return { key, width: image.width, height: image.height, dominant_color: image.dominantColor }
    },

    /** Fetches a user-supplied image URL, SSRF-guarded. */
    fetchImage(url: string): Promise<Buffer> {
      return safeFetch(url, {
        ...DEFAULT_FETCH_LIMITS,
        maxBytes: MAX_IMAGE_BYTES,
        allowAddress: allowPrivateUrls ? () => true : isPublicAddress,
      })
    },

    /** The media key of a URL of this server's own media, or null for any other URL. */
    ownMediaKey(url: string): string | null {
      return ownMediaRe.exec(url)?.[1] ?? null
    },

    /**
     * The stored image for a pin's `media_source`: an upload, a URL of our own media (reused,
     * when the caller may see it), or a URL fetched from the internet.
     */
    async fromSource(ownerId: number, source: MediaSource): Promise<StoredMedia> {
      if (source.source_type === 'image_base64') {
        const data = source.data.replace(/\s+/g, '')
        if (data.length > Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 4) {
          throw new PayloadTooLargeError(`Images are limited to ${MAX_IMAGE_BYTES >> 20} MB.`)
        }
        if (!BASE64_RE.test(data)) {
          throw new BadRequestError('media_source.data must be base64.', 'invalid_input')
        }
        return service.ingest(ownerId, Buffer.from(data, 'base64'))
      }
      const ownKey = service.ownMediaKey(source.url)
      if (ownKey) {
        const media = await repo.find(ownKey)
        if (!media || !(await repo.isVisible(ownKey, ownerId))) throw new NotFoundError('Image')
        return media
      }
      const data = await service.fetchImage(source.url)
      log.debug({ bytes: data.length }, 'fetched image_url')
      return service.ingest(ownerId, data)
    },

    /**
     * The perceptual hashes of these images (phash.ts), by key. An image stored before hashes
     * were (migration 021) gets its hash from its stored file now, kept for next time — at most
     * `PHASH_FILL_MAX` of them per call; one whose file cannot be read has none.
     */
    async phashes(keys: string[]): Promise<Map<string, string>> {
      const rows = await repo.phashes([...new Set(keys)])
      const known = new Map<string, string>()
      const missing: string[] = []
      for (const r of rows) {
        if (r.phash) known.set(r.key, r.phash)
        else if (missing.length < PHASH_FILL_MAX) missing.push(r.key)
      }
      for (const key of missing) {
        try {
          const hash = await dHash(await readFile(service.filePath(key, '600x')))
          await units.run(({ trx }) => repo.setPhash(trx, key, hash))
          known.set(key, hash)
        } catch (err) {
          log.warn({ err, key }, 'no perceptual hash for a stored image')
        }
      }
      return known
    },

    /** Whether the viewer may load the image (see the repository for the rule). */
    isVisible(key: string, viewerId: number | null): Promise<boolean> {
      if (!isMediaKey(key)) return Promise.resolve(false)
      return repo.isVisible(key, viewerId)
    },

    filePath(key: string, size: ImageSize): string {
      return join(mediaDir, key, `${size}.jpg`)
    },

    /** Deletes every stored size of an image; files already gone are no error. */
    removeFiles(key: string): Promise<void> {
      return rm(join(mediaDir, key), { recursive: true, force: true })
    },
  }
  return service
}

export type MediaService = ReturnType<typeof createMediaService>
