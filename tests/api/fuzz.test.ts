import fc from 'fast-check'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApiWorld } from '../support/api-world'
import { loadContract, type Contract, type ContractOperation } from '../support/contract'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import type { TestUser } from '../support/users'

/**
 * A property-based fuzzer over every operation of `/docs/json`: requests built from each
 * operation's own parameter and body schemas (valid-ish values, then mutated: wrong types,
 * missing and extra fields, huge and odd unicode, NUL bytes, negative and huge numbers, forged
 * bookmarks, garbage path ids), as a signed-in user and anonymously. Every answer must be
 * below 500, an error must be `{code, message, reason?}`, and an answer must be one the
 * operation documents, with the documented body (tests/support/contract.ts).
 *
 * Seeded and bounded: FUZZ_SEED picks another seed, FUZZ_RUNS more runs per operation.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202)
const RUNS = Number(process.env.FUZZ_RUNS ?? 30)

type Json = Record<string, unknown>
type Schema = Json

/** Operations the fuzzer leaves alone: they end the fixture user's session or credentials. */
const SKIPPED = new Set([
  'POST /v5/auth/logout',
  'POST /v5/user_account/password',
  'DELETE /v5/user_account/tokens/{token_id}',
  'DELETE /v5/user_account',
])

// ---------------------------------------------------------------------------------------------
// Hostile values

const NUL = String.fromCharCode(0)
const evilStrings = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    `a${NUL}b`,
    NUL,
    '\uD800', // lone high surrogate (sent as a JSON escape)
    'x\uDFFFy', // lone low surrogate
    '😀𝕏𐍈', // astral
    'שלום \u202Eevil\u202C مرحبا', // RTL and a bidi override
    'e\u0301\u0301\u0301\u0301', // combining marks
    '\uFEFF\u200B\u200D',
    '99999999999999999999999',
    '-1',
    '0',
    '1e30',
    'NaN',
    '../../etc/passwd',
    '%00%ff',
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '__proto__',
    'x'.repeat(10_000),
    'é'.repeat(70_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
)
const evilNumbers = fc.oneof(
  fc.constantFrom(-1, 0, 1.5, -0.5, 2 ** 31, 2 ** 53, 2 ** 63, 1e30, -1e30, 1e308, -1e308),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const evilValues: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: evilStrings },
  { weight: 3, arbitrary: evilNumbers },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [1, 'a'], { a: { b: 1 } }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
)

/** Bookmarks: random positions (keys lists use and others) as base64url JSON, and junk. */
const POSITION_KEYS = ['id', 'since', 'at', 'seq', 's', 'i', 'w', 'p']
const forgedBookmarks = fc.oneof(
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...POSITION_KEYS), fc.string({ maxLength: 4 })),
      evilValues,
      {
        maxKeys: 4,
      },
    )
    .map((o) => Buffer.from(JSON.stringify(o)).toString('base64url')),
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc.string({ maxLength: 60 }),
)

// ---------------------------------------------------------------------------------------------
// Values from JSON schemas (OpenAPI 3.0: `nullable`)

function fromSchema(
  schema: Schema | undefined,
  hints: Hints,
  key = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null)
  const base = baseFromSchema(schema, hints, key, depth)
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: base }, fc.constant(null)) : base
}

interface Hints {
  /** real ids and names by field name, so valid-ish requests reach the handlers */
  ids: Record<string, string>
  /** a small PNG, base64 */
  image: string
}

const ID_PATTERN = '^[1-9][0-9]{0,15}$'

function baseFromSchema(
  s: Schema,
  hints: Hints,
  key: string,
  depth: number,
): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const)
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]))
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  if (alternatives)
    return fc.oneof(...alternatives.map((a) => fromSchema(a, hints, key, depth + 1)))
  if (Array.isArray(s.allOf)) return fromSchema(s.allOf[0] as Schema, hints, key, depth + 1)
  switch (s.type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, Schema>
      const required = new Set((s.required ?? []) as string[])
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, v] of Object.entries(properties))
        record[k] = fromSchema(v, hints, k, depth + 1)
      return fc.record(record, {
        requiredKeys: Object.keys(properties).filter((k) => required.has(k)),
      })
    }
    case 'array':
      return fc.array(fromSchema(s.items as Schema, hints, key, depth + 1), {
        minLength: Math.min(Number(s.minItems ?? 0), 3),
        maxLength: Math.min(Number(s.maxItems ?? 3), 3),
      })
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1000
      const max = typeof s.maximum === 'number' ? s.maximum : Math.max(min + 1000, 1000)
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    }
    case 'boolean':
      return fc.boolean()
    case 'string':
      return stringFor(s, hints, key)
    default:
      return fc.jsonValue({ maxDepth: 1 })
  }
}

function stringFor(s: Schema, hints: Hints, key: string): fc.Arbitrary<string> {
  const real = hints.ids[key]
  if (s.pattern === ID_PATTERN) {
    const any = fc.bigInt({ min: 1n, max: 10n ** 16n - 1n }).map(String)
    return real ? fc.oneof({ weight: 3, arbitrary: fc.constant(real) }, any) : any
  }
  if (key === 'data') return fc.constantFrom(hints.image, 'bm90IGFuIGltYWdl', '!!!')
  if (key === 'url' || key === 'link' || key === 'website_url') {
    // never a host the test would wait on: this server's own media, loopback (refused), junk
    return fc.constantFrom(
      'http://localhost:3000/media/0123456789abcdef0123456789abcdef/150x150.jpg',
      'http://127.0.0.1:1/a.png',
      'ftp://x/y',
      'not a url',
    )
  }
  if (key === 'email') return fc.constantFrom('fuzz@example.com', 'a@b', 'no-at-sign')
  if (real) return fc.constant(real)
  if (typeof s.pattern === 'string') {
    return fc.stringMatching(new RegExp(s.pattern)).filter((v) => fits(v, s))
  }
  const minLength = Number(s.minLength ?? 0)
  const maxLength = Math.min(Number(s.maxLength ?? 40), 40)
  return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) })
}

const fits = (v: string, s: Schema) =>
  v.length >= Number(s.minLength ?? 0) && v.length <= Number(s.maxLength ?? Infinity)

/** Paths into a JSON value, for mutating one spot of it. */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...at, i])))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...at, k]))
  }
  return out
}

type Mutation = 'replace' | 'delete' | 'extra' | 'nul'

function mutate(value: unknown, path: (string | number)[], how: Mutation, evil: unknown): unknown {
  if (path.length === 0) {
    if (how === 'nul') {
      const text = typeof value === 'string' ? value : ''
      const at = text.length >> 1
      return `${text.slice(0, at)}${NUL}${text.slice(at)}`
    }
    if (how === 'extra' && value && typeof value === 'object' && !Array.isArray(value)) {
      return { ...value, fuzz_extra: evil }
    }
    return how === 'delete' ? undefined : evil
  }
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    if (rest.length === 0 && how === 'delete') copy.splice(head as number, 1)
    else copy[head as number] = mutate(copy[head as number], rest, how, evil)
    return copy
  }
  const copy = { ...(value as Json) }
  if (rest.length === 0 && how === 'delete') delete copy[head as string]
  else copy[head as string] = mutate(copy[head as string], rest, how, evil)
  return copy
}

/** Valid-ish values, and the same with one to three spots mutated. */
function hostile<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  const step = fc.tuple(
    fc.nat(),
    fc.constantFrom<Mutation>('replace', 'delete', 'extra', 'nul'),
    evilValues,
  )
  const mutated = valid.chain((v) =>
    fc
      .oneof(
        { weight: 3, arbitrary: fc.tuple(step) },
        fc.array(step, { minLength: 2, maxLength: 3 }),
      )
      .map((steps) =>
        steps.reduce<unknown>((acc, [n, how, evil]) => {
          // a NUL byte goes into a string that is there, when there is one
          const all = pathsOf(acc)
          const strings = all.filter((p) => typeof valueAt(acc, p) === 'string')
          const paths = how === 'nul' && strings.length > 0 ? strings : all
          return mutate(acc, paths[n % paths.length]!, how, evil)
        }, v),
      ),
  )
  return fc.oneof({ weight: 2, arbitrary: valid }, { weight: 5, arbitrary: mutated })
}

const valueAt = (value: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)?.[k], value)

// ---------------------------------------------------------------------------------------------
// Requests

interface FuzzRequest {
  anonymous: boolean
  path: Record<string, string>
  query: [string, string][]
  /** undefined: no body */
  body: unknown
  /** send the body as this raw text instead (malformed JSON and the like) */
  raw?: string
}

interface Parameter {
  in: string
  name: string
  required?: boolean
  schema?: Schema
}

/** Percent-encodes UTF-8 bytes, lone surrogates included (as U+FFFD, as a client would). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('')

/** `value` one time in `n`, null otherwise. */
const rarely = <T>(value: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value })

const garbageIds = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e30',
    '99999999999999999999',
    'abc',
    NUL,
    '%FF',
    '%ED%A0%80',
    '..',
  ),
  evilStrings,
)

function requestArb(op: ContractOperation, hints: Hints): fc.Arbitrary<FuzzRequest> {
  const params = op.parameters as unknown as Parameter[]
  const pathParams = params.filter((p) => p.in === 'path')
  const queryParams = params.filter((p) => p.in === 'query')

  const path: Record<string, fc.Arbitrary<string>> = {}
  for (const p of pathParams) {
    const real = hints.ids[p.name]
    path[p.name] = fc.oneof(
      {
        weight: 4,
        arbitrary: real ? fc.constant(real) : fromSchema(p.schema, hints, p.name).map(String),
      },
      { weight: 2, arbitrary: garbageIds },
    )
  }
  const query = fc
    .tuple(
      ...queryParams.map((p) => {
        const value: fc.Arbitrary<unknown> =
          p.name === 'bookmark'
            ? forgedBookmarks
            : p.name === 'query'
              ? fc.oneof(fc.constantFrom('tent', 'camp', 'a'), evilStrings)
              : hostile(fromSchema(p.schema, hints, p.name))
        const present = p.required ? fc.constant(true) : fc.boolean()
        return fc
          .tuple(present, value)
          .map(([on, v]) =>
            on && v !== undefined ? [[p.name, typeof v === 'string' ? v : JSON.stringify(v)]] : [],
          )
      }),
      // now and then an extra query parameter
      rarely(
        fc.tuple(fc.constantFrom('fuzz', 'page_size', 'bookmark', '__proto__'), evilStrings),
        5,
      ),
    )
    .map((parts) => {
      const all = [...parts] as unknown[]
      const extra = all.pop() as [string, string] | null
      const pairs = (all as [string, string][][]).flat()
      return extra ? [...pairs, extra] : pairs
    })

  const bodySchema = (op.requestBody as Json | undefined)?.content as
    Record<string, { schema?: Schema }> | undefined
  const body: fc.Arbitrary<unknown> = bodySchema?.['application/json']
    ? hostile(fromSchema(bodySchema['application/json'].schema, hints))
    : fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, evilValues)
  // now and then a body that is not JSON, or JSON of the wrong kind
  const raw = rarely(
    fc.constantFrom('{', '{"a":', '[1,', 'null', '"\\ud800"', '{"a":"\\u0000"}'),
    12,
  )

  return fc
    .record({
      path: fc.record(path),
      query,
      body,
      raw,
      // one call in ten is anonymous
      anon: fc.integer({ min: 0, max: 9 }),
    })
    .map(({ path, query, body, raw, anon }) => ({
      anonymous: anon === 0,
      path,
      query,
      body,
      ...(raw === null ? {} : { raw }),
    }))
}

function toInject(op: ContractOperation, req: FuzzRequest, token: string): InjectOptions {
  const url =
    op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const v = req.path[name] ?? '1'
      // garbage ids that are already percent-encodings go raw, to test the router's decoding
      return /^(%[0-9A-F]{2})+$/.test(v) ? v : pct(v)
    }) + (req.query.length ? `?${req.query.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&')}` : '')
  const headers: Record<string, string> = req.anonymous ? {} : { authorization: `Bearer ${token}` }
  const opts: InjectOptions = { method: op.method as InjectOptions['method'], url, headers }
  if (req.raw !== undefined) {
    headers['content-type'] = 'application/json'
    opts.payload = req.raw
  } else if (req.body !== undefined && op.method !== 'GET') {
    headers['content-type'] = 'application/json'
    opts.payload = JSON.stringify(req.body)
  }
  return opts
}

/** Problems with one answer: a 5xx, an error not shaped `{code, message, reason?}`, the contract. */
function problemsOf(
  contract: Contract,
  op: ContractOperation,
  res: LightMyRequestResponse,
  documented: boolean,
): string[] {
  const found: string[] = []
  if (res.statusCode >= 500) found.push(`answered ${res.statusCode}`)
  if (res.statusCode >= 400) {
    let body: unknown
    try {
      body = res.json()
    } catch {
      body = res.body
    }
    const b = body as Json
    const ok =
      b !== null &&
      typeof b === 'object' &&
      b.code === res.statusCode &&
      typeof b.message === 'string' &&
      (b.reason === undefined || typeof b.reason === 'string') &&
      Object.keys(b).every((k) => ['code', 'message', 'reason'].includes(k))
    if (!ok) found.push(`error body is not {code, message, reason?}`)
  }
  if (documented) found.push(...contract.problems(op.method, op.path, res))
  return found
}

/** Whether the document describes the operation's answers (any error status, any body). */
const documents = (op: ContractOperation) =>
  op.errorStatuses.length > 0 || Object.values(op.responses).some((r) => r.content !== undefined)

const show = (opts: InjectOptions) =>
  JSON.stringify({
    method: opts.method,
    url: String(opts.url).slice(0, 300),
    anonymous: !(opts.headers as Record<string, string>)?.authorization,
    payload: typeof opts.payload === 'string' ? opts.payload.slice(0, 300) : undefined,
  })

for (const dialect of DIALECTS) {
  describe(`fuzzing every operation [${dialect}] (seed ${SEED})`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    let contract: Contract
    let ids: Record<string, string> = {}
    let image = ''

    beforeAll(async () => {
      t = await createTestApp(dialect)
      contract = await loadContract(t.app)
      ;({ ana, bo, ids, image } = await buildApiWorld(t))
      // paths naming a user name Bo (Ana is the one calling)
      ids.username = bo.username
    })
    afterAll(() => t?.close())

    it('no answer is a 5xx, every answer is documented', { timeout: 240_000 }, async () => {
      const hints: Hints = { ids, image }
      // deletes last, so the fixtures live as long as they can
      const ops = contract.operations
        .filter((op) => op.path.startsWith('/v5/') && !SKIPPED.has(`${op.method} ${op.path}`))
        .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'))
      expect(ops.length).toBeGreaterThan(50)
      const undocumented = ops.filter((op) => !documents(op)).map((op) => `${op.method} ${op.path}`)
      if (undocumented.length > 0) {
        console.warn(
          `fuzz: ${undocumented.length} operations document no answers yet; held to no 5xx and the error shape only`,
        )
      }
      // Every request of every operation runs (one problem does not hide another, a 5xx least
      // of all); each distinct problem of an operation is reported once, with its request.
      const failures: string[] = []
      const started = Date.now()
      for (const [n, op] of ops.entries()) {
        const seed = SEED + n
        const documented = documents(op)
        const seen = new Set<string>()
        for (const req of fc.sample(requestArb(op, hints), { seed, numRuns: RUNS })) {
          const opts = toInject(op, req, ana.token)
          const res = await t.app.inject(opts)
          for (const problem of problemsOf(contract, op, res, documented)) {
            const kind = `${res.statusCode} ${problem.replace(/\{.*$/, '')}`
            if (seen.has(kind)) continue
            seen.add(kind)
            failures.push(
              `${op.method} ${op.path} (seed ${seed}): ${problem}\n  request: ${show(opts)}\n  answer: ${res.body.slice(0, 300)}`,
            )
          }
        }
      }
      // 5xx first: they matter most
      failures.sort((a, b) => Number(!/answered 5\d\d/.test(a)) - Number(!/answered 5\d\d/.test(b)))
      console.info(
        `fuzz [${dialect}]: ${ops.length} operations × ${RUNS} runs in ${Date.now() - started} ms (seed ${SEED})`,
      )
      expect(failures).toEqual([])
    })
  })
}
