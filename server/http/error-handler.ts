import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type {
  FastifyBaseLogger,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from 'fastify'
import type { ErrorReason } from '../../protocol/errors'
import { AppError, storageFullFrom } from '../errors'

interface ErrorBody {
  code: number
  message: string
  reason?: ErrorReason
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

/** Longest request target (path and query) answered; longer is a 414. */
export const MAX_URL_LENGTH = 8 * 1024

const URI_TOO_LONG: ErrorBody = {
  code: 414,
  message: `URLs are at most ${MAX_URL_LENGTH} characters.`,
  reason: 'uri_too_long',
}

/** A URL over `MAX_URL_LENGTH` that Node's parser let through (its limit is the header size). */
export function installUrlLimit(app: FastifyInstance) {
  // a callback hook, not an async one: no promise per request
  app.addHook('onRequest', (req, _reply, done) => {
    if (req.raw.url && req.raw.url.length > MAX_URL_LENGTH) {
      return done(new AppError(414, URI_TOO_LONG.message, URI_TOO_LONG.reason))
    }
    done()
  })
}

/** The start of a request line (a method, then its target): the URL is what overflowed. */
const OPEN_REQUEST_LINE = /^[A-Z]+ [^\r\n]*$/

/**
 * Node's HTTP parser refuses a request before Fastify sees it (headers over `maxHeaderSize`,
 * which counts the URL, or bytes that are not HTTP): the answer is `{code, message, reason}`
 * JSON like every other error, then the connection closes.
 */
export const handleClientError = (log: FastifyBaseLogger) => (err: Error, socket: Socket) => {
  const { code, rawPacket } = err as Error & { code?: string; rawPacket?: unknown }
  if (code === 'ECONNRESET' || socket.destroyed) return
  let body: ErrorBody
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    body = { code: 408, message: 'The request took too long to arrive.', reason: 'timeout' }
  } else if (code === 'HPE_HEADER_OVERFLOW') {
    const start = Buffer.isBuffer(rawPacket)
      ? rawPacket.subarray(0, MAX_URL_LENGTH + 64).toString('latin1')
      : ''
    const line = start.split('\r\n', 1)[0]!
    body =
      OPEN_REQUEST_LINE.test(line) && line.length > MAX_URL_LENGTH
        ? URI_TOO_LONG
        : { code: 431, message: 'The request headers are too large.', reason: 'headers_too_large' }
  } else {
    body = { code: 400, message: 'Malformed HTTP request.', reason: 'bad_request' }
  }
  log.trace({ err }, 'client error')
  if (socket.writable) {
    const text = JSON.stringify(body)
    socket.write(
      `HTTP/1.1 ${body.code} ${STATUS_CODES[body.code]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    )
  }
  socket.destroy()
}
