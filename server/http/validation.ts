import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

/** Fastify's own Ajv defaults, less coercion. */
const AJV_OPTIONS = {
  useDefaults: true,
  removeAdditional: true,
  addUsedSchema: false,
  // all errors at once would let one request make the validator work without bound
  allErrors: false,
} as const

/**
 * Request validation with two Ajv instances: the querystring, path parameters and headers
 * arrive as text and are coerced to the schema's types (`?page_size=5` is the number 5); a
 * JSON body is taken as sent (`{"name": true}` where a string goes is a 400, not "true",
 * and `null` only where the schema says so).
 *
 * A route's validators are compiled when it is first called, not at start-up: compiling them
 * all took about two thirds of a second of a start's CPU (with the garbage it left), paid on
 * every restart; the first request to a route pays its few milliseconds instead.
 *
 * Responses are serialised with plain JSON.stringify whatever schema they document: a
 * response schema is a contract the tests hold answers to, never a filter on the wire.
 */
export function installValidation(app: FastifyInstance) {
  const coercing = addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' }))
  const strict = addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes: false }))
  app.setValidatorCompiler(({ schema, httpPart }) =>
    compiledOnFirstUse(httpPart === 'body' ? strict : coercing, schema),
  )
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
}

/** A validator that compiles `schema` on its first call; Fastify reads its `errors`, as Ajv's. */
function compiledOnFirstUse(ajv: Ajv, schema: object) {
  let compiled: ValidateFunction | undefined
  const validate = (data: unknown) => {
    compiled ??= ajv.compile(schema)
    const valid = compiled(data)
    validate.errors = compiled.errors
    return valid
  }
  validate.errors = null as ValidateFunction['errors']
  return validate
}
