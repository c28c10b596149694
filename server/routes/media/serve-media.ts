import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import type { ImageSize } from '../../../protocol/api'
import type { AppContext } from '../../context'
import { NotFoundError } from '../../errors'
import { resolveViewer } from '../../http/auth'
import { IMAGE_SIZES } from '../../domain/media/urls'

const FILE_RE = new RegExp(`^(${IMAGE_SIZES.join('|')})\\.jpg$`)

/**
 * GET /media/:key/:size.jpg — an image variant, only to someone who may see it: 404 for a
 * secret board's pin image (to anyone but its owner) exactly as for a key that does not exist.
 */
export function registerMediaRoute(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: { key: string; file: string } }>(
    '/media/:key/:file',
    {
      schema: { hide: true },
      // A grid of pins loads dozens of images a page: images get a budget of their own.
      config: { rateLimit: { max: ctx.config.rateLimitPerMinute * 10, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      const size = FILE_RE.exec(req.params.file)?.[1] as ImageSize | undefined
      if (!size) throw new NotFoundError('Image')
      const viewer = await resolveViewer(ctx, req)
      const { media } = ctx.services
      if (!(await media.isVisible(req.params.key, viewer?.id ?? null))) {
        throw new NotFoundError('Image')
      }
      const path = media.filePath(req.params.key, size)
      const info = await stat(path).catch(() => null)
      if (!info?.isFile()) throw new NotFoundError('Image')
      return reply
        .header('content-type', 'image/jpeg')
        .header('content-length', info.size)
        .header('cache-control', 'private, max-age=3600')
        .header('vary', 'Cookie, Authorization')
        .send(createReadStream(path))
    },
  )
}
