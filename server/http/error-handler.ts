import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, storageFullFrom } from '../errors'

interface ErrorBody {
  code: number
  message: string
  reason?: string
}

/** Maps every error to `{code, message, reason?}` once, at the edge. 5xx bodies say nothing internal. */
export function installErrorHandler(
  app: FastifyInstance,
  /** serves the web app's shell for client-side routes; returns false when it does not apply */
  appShell?: (req: FastifyRequest, reply: FastifyReply) => boolean,
) {
  app.setErrorHandler((thrown: FastifyError | AppError, req, reply) => {
    let status: number
    let body: ErrorBody
    // A full disk is named as such, wherever it surfaced (a transaction, a statement, a file).
    const full = storageFullFrom(thrown)
    const err = full ?? thrown
    if (full) req.log.error({ err: full.cause ?? full }, 'storage full')
    if (err instanceof AppError) {
      status = err.status
      body = { code: status, message: err.message, ...(err.reason ? { reason: err.reason } : {}) }
      if (err.headers) reply.headers(err.headers)
    } else if ((err as FastifyError).validation) {
      status = 400
      body = { code: 400, message: err.message, reason: 'invalid_input' }
    } else if (
      typeof (err as FastifyError).statusCode === 'number' &&
      (err as FastifyError).statusCode! < 500
    ) {
      status = (err as FastifyError).statusCode!
      const reason =
        status === 413
          ? 'too_large'
          : status === 415
            ? 'unsupported_media'
            : status === 429
              ? 'rate_limited'
              : 'bad_request'
      body = { code: status, message: err.message, reason }
    } else {
      status = 500
      req.log.error({ err }, 'unhandled error')
      body = { code: 500, message: 'Something went wrong on our side.' }
    }
    reply.code(status).send(body)
  })

  app.setNotFoundHandler((req, reply) => {
    if (appShell?.(req, reply)) return reply
    reply.code(404).send({
      code: 404,
      message: `No route for ${req.method} ${req.url.split('?')[0]}.`,
      reason: 'not_found',
    })
  })
}
