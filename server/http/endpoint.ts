import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import { Type, type Static, type TNull, type TSchema } from 'typebox'
import type { Scope } from '../../protocol/api'
import type { AppContext } from '../context'
import { JsonText } from '../domain/json-text'
import type { Viewer } from '../domain/viewer'
import { authenticate } from './auth'
import { ErrorBody, NoBody } from '../../protocol/schemas/common'

/**
 * Who may call an endpoint: `none` (no auth at all), `optional` (anonymous or signed in),
 * or a scope the caller's token must carry (a session cookie carries every scope).
 */
export type EndpointAuth = 'none' | 'optional' | Scope

type ViewerFor<A extends EndpointAuth> = A extends 'none' | 'optional' ? Viewer | null : Viewer

export interface EndpointInput<A extends EndpointAuth, P, Q, B> {
  params: P
  query: Q
  body: B
  viewer: ViewerFor<A>
  ctx: AppContext
  req: FastifyRequest
  reply: FastifyReply
}

export interface Endpoint<
  A extends EndpointAuth = EndpointAuth,
  P extends TSchema = TSchema,
  Q extends TSchema = TSchema,
  B extends TSchema = TSchema,
  R extends TSchema = TSchema,
> {
  method: HTTPMethods
  url: string
  /** unique: a generated client's method name (the file's name, camel-cased) */
  operationId: string
  summary: string
  tags: string[]
  auth: A
  /** with `optional`: the scope a token must carry when one is used */
  scope?: Scope
  params?: P
  query?: Q
  body?: B
  /** success status, 200 unless told */
  status?: number
  /** what the success status answers (`NoBody` for 204 and redirects), documented and tested */
  response: R
  /** other success statuses answered with the same schema (an idempotent repeat's 200) */
  alsoStatus?: number[]
  /**
   * error statuses beyond those every endpoint of its kind can answer (400, 414, 401/403 with auth,
   * 404 with an id, 413/415/503 with a body, 429): 409, 410, …
   */
  errors?: ErrorStatus[]
  /** requests per minute for this endpoint, per caller, on top of the global limit */
  rateLimit?: number
  /**
   * `address`: this endpoint's own limit counts per client address whatever credential comes
   * with the request (sign-up, log-in, token creation); otherwise per verified user.
   */
  rateLimitPer?: 'address'
  bodyLimit?: number
  handler(
    input: EndpointInput<A, Static<P>, Static<Q>, Static<B>>,
  ): Promise<HandlerResult<Static<R>>>
}

/** A body of the response schema, a pre-rendered JSON text, or a reply already sent. */
type HandlerResult<T> = T | JsonText | FastifyReply | (T extends null ? void : never)

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 414 | 415 | 422 | 429 | 503

const _empty = Type.Object({})
type EmptySchema = typeof _empty

/** Declares one endpoint: who may call it, what it takes, then the handler. */
export function defineEndpoint<
  A extends EndpointAuth,
  P extends TSchema = EmptySchema,
  Q extends TSchema = EmptySchema,
  B extends TSchema = EmptySchema,
  R extends TSchema = TNull,
>(endpoint: Endpoint<A, P, Q, B, R>): Endpoint {
  return endpoint as unknown as Endpoint
}

export function registerEndpoints(app: FastifyInstance, ctx: AppContext, endpoints: Endpoint[]) {
  for (const e of endpoints) {
    app.route({
      method: e.method,
      url: e.url,
      bodyLimit: e.bodyLimit,
      schema: {
        operationId: e.operationId,
        summary: e.summary,
        tags: e.tags,
        ...(e.params ? { params: e.params } : {}),
        ...(e.query ? { querystring: e.query } : {}),
        ...(e.body ? { body: e.body } : {}),
        security:
          e.auth === 'none'
            ? []
            : e.auth === 'optional'
              ? [{}, { bearer: [] }, { session: [] }]
              : [{ bearer: [] }, { session: [] }],
        response: responseSchemas(e),
      },
      config: {
        rateLimit: e.rateLimit
          ? { max: e.rateLimit, timeWindow: 60_000, per: e.rateLimitPer }
          : undefined,
      },
      // Authenticate before validating, so 401/403 come before 400 and say nothing of the schema.
      preValidation: async (req) => {
        req.viewer = e.auth === 'none' ? null : await authenticate(ctx, req, e.auth, e.scope)
      },
      handler: async (req, reply) => {
        const result = await e.handler({
          params: req.params,
          query: req.query,
          body: req.body,
          viewer: req.viewer as Viewer,
          ctx,
          req,
          reply,
        })
        if (reply.sent) return reply
        reply.code(e.status ?? 200)
        if (result instanceof JsonText) {
          return reply.type('application/json; charset=utf-8').send(result.body)
        }
        return result ?? (e.status === 204 ? undefined : {})
      },
    })
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  302: 'Found: a redirect to Location',
  400: 'Invalid input (`reason: invalid_input`) or a malformed request',
  401: 'No valid credentials (`unauthenticated`, `invalid_token`)',
  403: 'Not allowed (`insufficient_scope`, `csrf`, …)',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state (see `reason`)',
  410: 'Gone: used up or expired (see `reason`)',
  413: 'Request body too large',
  414: 'URL too long',
  415: 'Unsupported content type: the API takes JSON',
  422: 'Unprocessable input (see `reason`)',
  429: 'Rate limited; `Retry-After` says when to retry',
  503: 'Unavailable for now (`storage_full`); `Retry-After` says when to retry',
}

/** Every answer carries the caller's rate-limit state; a 429 also says when to retry. */
const RATE_LIMIT_HEADERS = {
  'x-ratelimit-limit': { type: 'integer', description: 'requests allowed in the window' },
  'x-ratelimit-remaining': { type: 'integer', description: 'requests left in the window' },
  'x-ratelimit-reset': { type: 'integer', description: 'seconds until the window resets' },
}
const headersFor = (status: number) =>
  status === 429 || status === 503
    ? {
        ...RATE_LIMIT_HEADERS,
        'retry-after': { type: 'integer', description: 'seconds to wait before retrying' },
      }
    : RATE_LIMIT_HEADERS

const describe = (schema: TSchema, status: number) => ({
  ...schema,
  'x-response-description': STATUS_TEXT[status] ?? String(status),
  headers: headersFor(status),
})

/** The statuses an endpoint can answer and their schemas, for the OpenAPI document. */
export function errorStatuses(e: Endpoint): number[] {
  // anywhere: any URL can carry a query string (a NUL byte in one is a 400, over 8 KiB a 414)
  const statuses = new Set<number>([400, 414, ...(e.errors ?? [])])
  const takesBody = BODY_METHODS.has(e.method as string)
  if (e.auth !== 'none') statuses.add(401).add(403)
  if (e.url.includes(':')) statuses.add(404)
  // a write can find the disk full (`storage_full`, with Retry-After)
  if (takesBody) statuses.add(413).add(415).add(503)
  statuses.add(429)
  return [...statuses].sort((a, b) => a - b)
}

function responseSchemas(e: Endpoint) {
  const status = e.status ?? 200
  const noBody = status === 204 || (status >= 300 && status < 400)
  const success = noBody
    ? {
        ...NoBody,
        'x-response-description': STATUS_TEXT[status],
        headers: {
          ...headersFor(status),
          ...(status === 302 ? { location: { type: 'string', description: 'where to go' } } : {}),
        },
      }
    : describe(e.response, status)
  const schemas: Record<number, unknown> = { [status]: success }
  for (const also of e.alsoStatus ?? []) schemas[also] = describe(e.response, also)
  for (const s of errorStatuses(e)) schemas[s] = describe(ErrorBody, s)
  return schemas
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null
  }
}

/** Common schema pieces. */
export { Id, PageQuery } from '../../protocol/schemas/common'
