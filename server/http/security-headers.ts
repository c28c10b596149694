import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * helmet's headers (CSP and the rest), computed once at start-up: @fastify/helmet builds the
 * helmet middleware again on every request, re-parsing the CSP each time, which cost more
 * than a primary-key query. The options and the headers are helmet's own; only when they
 * are computed changes.
 */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const headers: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  } as unknown as ServerResponse
  helmet(options)({} as IncomingMessage, res, () => {})
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers)
    done()
  })
  return headers
}
