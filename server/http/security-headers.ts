import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

/** Responses that are data, never a page a browser renders: the API, media, probes. */
const DATA_PATH = /^\/(v5|media)\/|^\/(healthz|readyz|metrics)(\?|$)/

/**
 * Security headers, computed once at start-up (@fastify/helmet builds the helmet middleware
 * again on every request, re-parsing the CSP each time, which cost more than a primary-key
 * query).
 *
 * Pages (the app shell, /docs) get helmet's full set. Data responses get the set OWASP's REST
 * guidance gives for APIs: nothing may be loaded or framed from them, no sniffing, HTTPS
 * only, no referrer, same-origin reads — the same protections for a JSON body or a picture,
 * in half the headers (sent on every API response, they are a measurable share of its cost).
 */
export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const page: Record<string, string> = {}
  const res = {
    setHeader: (name: string, value: string) => void (page[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete page[name.toLowerCase()],
  } as unknown as ServerResponse
  helmet(options)({} as IncomingMessage, res, () => {})
  const data: Record<string, string> = {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  }
  if (page['strict-transport-security']) {
    data['strict-transport-security'] = page['strict-transport-security']
  }
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(DATA_PATH.test(req.url) ? data : page)
    done()
  })
}
