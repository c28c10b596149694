import { existsSync } from 'node:fs'
import { join } from 'node:path'
import cookie from '@fastify/cookie'
import websocket from '@fastify/websocket'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { AppContext } from './context'
import { UnsupportedMediaError } from './errors'
import { installCompression } from './http/compression'
import { registerEndpoints } from './http/endpoint'
import { handleClientError, installErrorHandler, installUrlLimit } from './http/error-handler'
import { frameworkErrors, installInputGuard } from './http/input-guard'
import { SESSION_COOKIE } from './http/auth'
import { installMetrics } from './http/metrics'
import { withNamedComponents } from './http/openapi-components'
import { installRateLimit } from './http/rate-limit'
import { installSecurityHeaders } from './http/security-headers'
import { installValidation } from './http/validation'
import { installWebApp } from './http/web-app'
import { allEndpoints } from './routes'
import { registerDevRoutes } from './routes/dev'
import { registerMediaRoute } from './routes/media/serve-media'
import { registerSystemRoutes } from './routes/system'
import { MAX_FRAME_BYTES, registerStreamRoute } from './routes/stream/stream'

/** Default JSON body limit; pin uploads raise it on their own route. */
export const BODY_LIMIT = 1024 * 1024

/** Builds the HTTP app: infrastructure plugins in a fixed order, then routes. */
/** TRUST_PROXY's rule: the socket's peer (hop 0, the proxy) is trusted, nothing before it. */
const trustTheProxyHop = (_address: string, hop: number) => hop === 0

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    logController: new LogController({
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
    bodyLimit: BODY_LIMIT,
    // Only behind a proxy that sets X-Forwarded-For; otherwise anyone could pick their own IP.
    // One hop, the peer: the proxy appends the address it saw to whatever the client sent, so
    // only the last entry is its word (`true` would take the first one, which the client chose).
    trustProxy: ctx.config.trustProxy ? trustTheProxyHop : false,
    // what Node's HTTP parser refuses (a URL or headers too long, garbage) is answered as JSON too
    clientErrorHandler: handleClientError(ctx.log as FastifyBaseLogger),
    // the router's refusals (bad percent-encoding, over-long parameters): 400 in the usual shape
    frameworkErrors,
  })
  installValidation(app)
  const webDir = ctx.config.webDistDir
  const hasWeb = existsSync(join(webDir, 'index.html'))
  installErrorHandler(app, (req, reply) => {
    // Client-side routes: any other GET that is not the API, media or a built file gets the
    // app shell (a chunk gone with an upgrade is a 404, not a page the browser cannot run).
    if (!hasWeb || req.method !== 'GET' || /^\/(v5|media|docs|assets)(\/|$)/.test(req.url)) {
      return false
    }
    void reply.code(200).header('cache-control', 'no-cache').sendFile('index.html')
    return true
  })
  installUrlLimit(app)
  installMetrics(app)
  installInputGuard(app)
  // `content-type: application/json` with no body (curl -X POST -H …) means "no body", as it
  // does for most APIs; a body that is there is parsed as Fastify does (proto-poisoning safe).
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined)
    return parseJson(req, body as string, done)
  })
  // Mail clients' one-click unsubscribe (RFC 8058) posts `List-Unsubscribe=One-Click` as a
  // form, to /v5/email/… only. Anywhere else a form stays refused (415): a cross-site form
  // could otherwise log a browser into someone else's account.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (req, body, done) => {
      if (!req.url.startsWith('/v5/email/')) {
        return done(new UnsupportedMediaError('This endpoint takes JSON.'), undefined)
      }
      done(
        null,
        Object.assign(Object.create(null), Object.fromEntries(new URLSearchParams(body as string))),
      )
    },
  )

  await app.register(cookie, { secret: ctx.config.sessionSecret })
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // the stream's WebSocket on this origin: browsers before CSP3 do not match ws: to 'self'
        connectSrc: ["'self'", webSocketOrigin(ctx.config.publicUrl)],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  })
  await installRateLimit(app, ctx)
  await installCompression(app)
  await app.register(swagger, {
    transformObject: (documents) =>
      'openapiObject' in documents
        ? withNamedComponents(documents.openapiObject)
        : documents.swaggerObject,
    openapi: {
      info: {
        title: 'Corkboard API',
        version: '5.0.0',
        description: 'Pinterest API v5 compatible pins, boards and accounts, plus Messages.',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })

  await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } })

  registerSystemRoutes(app, ctx)
  registerStreamRoute(app, ctx)
  registerEndpoints(app, ctx, allEndpoints)
  registerMediaRoute(app, ctx)
  registerDevRoutes(app, ctx)

  if (hasWeb) await installWebApp(app, webDir)
  return app
}

/** The ws: (or wss:) form of a URL's origin: `https://a.example/x` → `wss://a.example`. */
function webSocketOrigin(url: string): string {
  const { protocol, host } = new URL(url)
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}`
}
