import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify'
import { Type, type Static, type TSchema } from 'typebox'
import type { Scope } from '../../protocol/api'
import type { AppContext } from '../context'
import { JsonText } from '../domain/json-text'
import type { Viewer } from '../domain/viewer'
import { authenticate } from './auth'

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
> {
  method: HTTPMethods
  url: string
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
  /** requests per minute for this endpoint, per caller, on top of the global limit */
  rateLimit?: number
  /**
   * `address`: this endpoint's own limit counts per client address whatever credential comes
   * with the request (sign-up, log-in, token creation); otherwise per verified user.
   */
  rateLimitPer?: 'address'
  bodyLimit?: number
  handler(input: EndpointInput<A, Static<P>, Static<Q>, Static<B>>): Promise<unknown>
}

const _empty = Type.Object({})
type EmptySchema = typeof _empty

/** Declares one endpoint: who may call it, what it takes, then the handler. */
export function defineEndpoint<
  A extends EndpointAuth,
  P extends TSchema = EmptySchema,
  Q extends TSchema = EmptySchema,
  B extends TSchema = EmptySchema,
>(endpoint: Endpoint<A, P, Q, B>): Endpoint {
  return endpoint as unknown as Endpoint
}

export function registerEndpoints(app: FastifyInstance, ctx: AppContext, endpoints: Endpoint[]) {
  for (const e of endpoints) {
    app.route({
      method: e.method,
      url: e.url,
      bodyLimit: e.bodyLimit,
      schema: {
        summary: e.summary,
        tags: e.tags,
        ...(e.params ? { params: e.params } : {}),
        ...(e.query ? { querystring: e.query } : {}),
        ...(e.body ? { body: e.body } : {}),
        security: e.auth === 'none' ? [] : [{ bearer: [] }, { session: [] }],
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

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null
  }
}

/** Common schema pieces. */
export const Id = Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'numeric string id' })
export const PageQuery = {
  bookmark: Type.Optional(Type.String({ maxLength: 512 })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 25 })),
}
