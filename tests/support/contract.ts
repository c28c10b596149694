import Ajv, { type ValidateFunction } from 'ajv'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'

/**
 * The published OpenAPI document as a contract tests hold live answers to: load it once per
 * app, then `check(method, pathTemplate, res)` asserts that the answer's status is one the
 * operation documents and that its JSON body matches the schema documented for that status.
 */

type Json = Record<string, unknown>

export interface ContractResponseObject {
  description?: string
  content?: Record<string, { schema?: Json }>
  headers?: Record<string, unknown>
}

export interface ContractOperation {
  /** upper case: GET, POST, PUT, PATCH, DELETE */
  method: string
  /** OpenAPI template: /v5/boards/{board_id} */
  path: string
  operationId?: string
  summary?: string
  tags: string[]
  /** `[]` for none; `[{}, …]` when auth is optional */
  security?: Record<string, string[]>[]
  parameters: Json[]
  requestBody?: Json
  responses: Record<string, ContractResponseObject>
  /** the documented 2xx/3xx statuses */
  successStatuses: number[]
  /** the documented 4xx/5xx statuses */
  errorStatuses: number[]
}

/** What `check` reads of an answer: an `inject` response, or `{statusCode, body}`. */
export interface ContractResponse {
  statusCode: number
  headers?: Record<string, unknown>
  /** raw text (as inject gives it) or an already parsed value */
  body?: unknown
}

export interface Contract {
  spec: Json & { openapi: string; paths: Record<string, Record<string, Json>> }
  operations: ContractOperation[]
  /** the operation for a method and path template (`{id}` or `:id` form), or undefined */
  find(method: string, pathTemplate: string): ContractOperation | undefined
  /**
   * Asserts (vitest `expect`) that `res` is a documented answer of the operation: its status is
   * documented, and its JSON body, when that status documents one, matches the schema.
   */
  check(method: string, pathTemplate: string, res: ContractResponse): void
  /**
   * The same check, without throwing: the list of problems (empty when the answer conforms).
   */
  problems(method: string, pathTemplate: string, res: ContractResponse): string[]
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options']
const SPEC_ID = 'https://corkboard.invalid/openapi.json'

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')
const normalizeTemplate = (p: string) => p.replace(/:(\w+)/g, '{$1}').replace(/\?.*$/, '')

/** Loads `/docs/json` from the app and builds the contract over it. */
export async function loadContract(app: FastifyInstance): Promise<Contract> {
  const res = await app.inject({ method: 'GET', url: '/docs/json' })
  if (res.statusCode !== 200) throw new Error(`/docs/json answered ${res.statusCode}`)
  return contractFromSpec(res.json())
}

/** Builds a contract over an OpenAPI document already at hand. */
export function contractFromSpec(spec: Contract['spec']): Contract {
  const is31 = spec.openapi.startsWith('3.1')
  const ajv = is31
    ? new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
    : new Ajv({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv as unknown as Ajv)
  // The whole document under one id, so `#/components/schemas/…` refs resolve inside it.
  ajv.addSchema({ ...spec, $id: SPEC_ID } as Json, SPEC_ID)

  /** A response object, or the `components.responses` entry its `$ref` names, and where it is. */
  const components = (spec.components ?? {}) as { responses?: Record<string, Json> }
  const responseAt = (raw: Json, pointer: string[]) => {
    const ref =
      typeof raw.$ref === 'string' ? /^#\/components\/responses\/(.+)$/.exec(raw.$ref) : null
    if (!ref) return { response: raw as ContractResponseObject, pointer }
    return {
      response: (components.responses?.[ref[1]!] ?? {}) as ContractResponseObject,
      pointer: ['components', 'responses', ref[1]!],
    }
  }
  /** JSON pointer (as path segments) of each operation's response objects, by status key. */
  const pointers = new Map<string, string[]>()

  const operations: ContractOperation[] = []
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    const shared = (item.parameters as Json[] | undefined) ?? []
    for (const [m, raw] of Object.entries(item)) {
      if (!METHODS.includes(m)) continue
      const op = raw as Json
      const responses: Record<string, ContractResponseObject> = {}
      for (const [key, value] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
        const at = responseAt(value, ['paths', path, m, 'responses', key])
        responses[key] = at.response
        pointers.set(`${m.toUpperCase()} ${path} ${key}`, at.pointer)
      }
      const statuses = Object.keys(responses)
        .map(Number)
        .filter((n) => Number.isInteger(n))
      operations.push({
        method: m.toUpperCase(),
        path,
        operationId: op.operationId as string | undefined,
        summary: op.summary as string | undefined,
        tags: (op.tags as string[] | undefined) ?? [],
        security: op.security as ContractOperation['security'],
        parameters: [...shared, ...((op.parameters as Json[] | undefined) ?? [])],
        requestBody: op.requestBody as Json | undefined,
        responses,
        successStatuses: statuses.filter((s) => s < 400),
        errorStatuses: statuses.filter((s) => s >= 400),
      })
    }
  }
  const byKey = new Map(operations.map((op) => [`${op.method} ${op.path}`, op]))
  const find = (method: string, pathTemplate: string) =>
    byKey.get(`${method.toUpperCase()} ${normalizeTemplate(pathTemplate)}`)

  const validators = new Map<string, ValidateFunction | null>()
  const validatorFor = (op: ContractOperation, key: string, mediaType: string) => {
    const id = `${op.method} ${op.path} ${key} ${mediaType}`
    if (!validators.has(id)) {
      const schema = op.responses[key]?.content?.[mediaType]?.schema
      const pointer = [...pointers.get(`${op.method} ${op.path} ${key}`)!, 'content', mediaType]
        .concat('schema')
        .map(escapePointer)
        .join('/')
      validators.set(id, schema ? ajv.compile({ $ref: `${SPEC_ID}#/${pointer}` }) : null)
    }
    return validators.get(id)!
  }

  const problems = (method: string, pathTemplate: string, res: ContractResponse): string[] => {
    const op = find(method, pathTemplate)
    const where = `${method.toUpperCase()} ${normalizeTemplate(pathTemplate)} → ${res.statusCode}`
    if (!op) return [`${where}: no such operation in the document`]
    const status = String(res.statusCode)
    const key =
      status in op.responses
        ? status
        : `${status[0]}XX` in op.responses
          ? `${status[0]}XX`
          : 'default' in op.responses
            ? 'default'
            : undefined
    if (!key) {
      return [
        `${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')})`,
      ]
    }
    const content = op.responses[key]!.content
    if (!content) return []
    const contentType = String(res.headers?.['content-type'] ?? 'application/json')
    const mediaType =
      Object.keys(content).find((t) => contentType.startsWith(t)) ??
      (contentType.includes('json') ? Object.keys(content).find((t) => t.includes('json')) : '')
    if (!mediaType) {
      return [`${where}: content-type ${contentType} not documented for ${key}`]
    }
    if (!mediaType.includes('json')) return []
    const validate = validatorFor(op, key, mediaType)
    if (!validate) return []
    let body = res.body
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      const text = body.toString()
      try {
        body = JSON.parse(text)
      } catch {
        return [`${where}: body is not JSON: ${text.slice(0, 200)}`]
      }
    }
    if (validate(body)) return []
    return (validate.errors ?? []).map(
      (e) => `${where}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
    )
  }

  return {
    spec,
    operations,
    find,
    problems,
    check(method, pathTemplate, res) {
      const found = problems(method, pathTemplate, res)
      const body = typeof res.body === 'string' ? res.body.slice(0, 500) : res.body
      expect(found, `${JSON.stringify(body)}`).toEqual([])
    },
  }
}
