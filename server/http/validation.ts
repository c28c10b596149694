import Ajv from 'ajv'
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
 * Responses are serialised with plain JSON.stringify whatever schema they document: a
 * response schema is a contract the tests hold answers to, never a filter on the wire.
 */
export function installValidation(app: FastifyInstance) {
  const coercing = addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' }))
  const strict = addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes: false }))
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema),
  )
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
}
