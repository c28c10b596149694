import { existsSync } from 'node:fs'
import { join } from 'node:path'
import cookie from '@fastify/cookie'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { AppContext } from './context'
import { createHash } from 'node:crypto'
import { registerEndpoints } from './http/endpoint'
import { installErrorHandler } from './http/error-handler'
import { SESSION_COOKIE } from './http/auth'
import { installMetrics } from './http/metrics'
import { allEndpoints } from './routes'
import { registerMediaRoute } from './routes/media/serve-media'
import { registerSystemRoutes } from './routes/system'

/** Default JSON body limit; pin uploads raise it on their own route. */
export const BODY_LIMIT = 1024 * 1024

/** Builds the HTTP app: infrastructure plugins in a fixed order, then routes. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    logController: new LogController({
      disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace',
    }),
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    ajv: { customOptions: { allErrors: false, removeAdditional: true, coerceTypes: 'array' } },
  })
  installErrorHandler(app)
  installMetrics(app)

  await app.register(cookie, { secret: ctx.config.sessionSecret })
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  })
  await app.register(rateLimit, {
    global: true,
    max: ctx.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => {
      const credential = req.headers.authorization ?? req.cookies?.[SESSION_COOKIE]
      return credential ? createHash('sha1').update(credential).digest('base64') : req.ip
    },
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      code: 429,
      message: `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s.`,
      reason: 'rate_limited',
    }),
  })
  await app.register(swagger, {
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

  registerSystemRoutes(app, ctx)
  registerEndpoints(app, ctx, allEndpoints)
  registerMediaRoute(app, ctx)

  const webDir = ctx.config.webDistDir
  if (existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false })
    // Client-side routes: every other GET that is not the API gets the app shell.
    app.get('/*', { config: { rateLimit: false } }, (req, reply) => {
      if (req.url.startsWith('/v5/') || req.url.startsWith('/media/')) {
        return reply.code(404).send({ code: 404, message: 'Not found.', reason: 'not_found' })
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    })
  }
  return app
}
