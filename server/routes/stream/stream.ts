import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppContext } from '../../context'
import { resolveViewer } from '../../http/auth'
import { requireScope } from '../../domain/viewer'
import { ForbiddenError, UnauthorizedError } from '../../errors'

/** Frames over this close the socket with 1009 (ws enforces it). */
export const MAX_FRAME_BYTES = 64 * 1024

/**
 * A browser sends the session cookie with any page's WebSocket; only our own pages may use it.
 * The Origin must be this server's public origin or the host the request came to.
 */
function originAllowed(req: FastifyRequest, publicUrl: string) {
  const origin = req.headers.origin
  if (!origin) return false
  try {
    const { host } = new URL(origin)
    return host === new URL(publicUrl).host || host === req.headers.host
  } catch {
    return false
  }
}

/** `GET /v5/stream`: the WebSocket of Messages (see realtime/gateway.ts). */
export function registerStreamRoute(app: FastifyInstance, ctx: AppContext) {
  app.get(
    '/v5/stream',
    {
      websocket: true,
      schema: { summary: 'Real-time stream of Messages (WebSocket)', tags: ['messages'] },
      preValidation: async (req) => {
        const viewer = await resolveViewer(ctx, req)
        if (!viewer) throw new UnauthorizedError()
        if (viewer.via === 'session' && !originAllowed(req, ctx.config.publicUrl)) {
          throw new ForbiddenError('Cross-origin stream refused.', 'bad_origin')
        }
        requireScope(viewer, 'messages:read')
        req.viewer = viewer
      },
    },
    (socket, req) => ctx.gateway.accept(socket, req.viewer!),
  )
}
