import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { BadRequestError } from '../errors'

const NUL = String.fromCharCode(0)

/** How deep a body is walked; JSON nested deeper than this is refused outright. */
const MAX_DEPTH = 64

/**
 * Where in `value` a string (or an object key) holds a NUL byte, as a path like
 * `recipients[0].email`, or null when none does.
 */
function nulAt(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null
  if (typeof value !== 'object' || value === null) return null
  if (depth > MAX_DEPTH) return path
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const at = nulAt(value[i], `${path}[${i}]`, depth + 1)
      if (at !== null) return at
    }
    return null
  }
  if (Buffer.isBuffer(value)) return null
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const child = path === '' ? k : `${path}.${k}`
    if (k.includes(NUL)) return child
    const at = nulAt(v, child, depth + 1)
    if (at !== null) return at
  }
  return null
}

/** A 400 naming the first field of the request that holds a NUL byte. */
function checkRequest(req: FastifyRequest) {
  for (const [where, value] of [
    ['path parameter', req.params],
    ['query parameter', req.query],
    ['body field', req.body],
  ] as const) {
    const at = nulAt(value, '', 0)
    if (at !== null) {
      const field = at.split(NUL).join('\\u0000') || '(the body)'
      throw new BadRequestError(`${where} ${field} must not contain a NUL byte.`)
    }
  }
}

/**
 * Input every route refuses at the edge, whatever its schema says: a NUL byte in any path
 * parameter, query value, body string or body key (PostgreSQL cannot store one in text, and
 * no field of this API means one), as a 400 `invalid_input` naming the field, on every
 * dialect alike. Runs after authentication and schema validation (so 401/403 come first),
 * before any handler; as a root hook it covers every route, later ones included.
 */
export function installInputGuard(app: FastifyInstance) {
  // a callback hook, not an async one: no promise per request on the hot reads
  app.addHook('preHandler', (req, _reply, done) => {
    try {
      checkRequest(req)
    } catch (err) {
      return done(err as Error)
    }
    done()
  })
}

/**
 * The router's own refusals, before any route or hook runs: a path that is not valid
 * percent-encoded UTF-8 (`%FF`, an encoded lone surrogate) or a path parameter longer than the
 * router takes. Both are the caller's bad input: a 400 `invalid_input` in the usual error shape
 * instead of Fastify's own body (and its 414). Passed as Fastify's `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The path is not valid percent-encoded UTF-8.'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A path parameter is too long.'
        : undefined
  if (message === undefined) {
    void reply.code(500).send({ code: 500, message: 'Something went wrong on our side.' })
    return
  }
  void reply.code(400).send({ code: 400, message, reason: 'invalid_input' })
}
