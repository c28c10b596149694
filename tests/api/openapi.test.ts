import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadContract, type Contract } from '../support/contract'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'

/**
 * `/docs/json` is a contract a client can be generated from: a valid OpenAPI document where
 * every operation names its real success status, its response schema and its errors; and the
 * live server keeps to it (the walk in conventions.test.ts checks every answer it sees).
 */

const ERROR_KEYS = ['code', 'message']

/** A raw HTTP/1.1 exchange, so Node's own parser (which inject skips) sees the request. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => (data += chunk))
    socket.on('end', () => resolve(data))
    socket.on('close', () => resolve(data))
    socket.on('error', (err) => (data ? resolve(data) : reject(err)))
    socket.write(request)
  })
}

function parseRaw(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n')
  const [statusLine = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(
    lines.map((l) => [
      l.slice(0, l.indexOf(':')).toLowerCase(),
      l.slice(l.indexOf(':') + 1).trim(),
    ]),
  )
  return { status: Number(statusLine.split(' ')[1]), headers, body }
}

for (const dialect of DIALECTS) {
  describe(`the OpenAPI contract [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let contract: Contract

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ana = await signUp(t)
      contract = await loadContract(t.app)
    })
    afterAll(() => t.close())

    it('is a valid OpenAPI 3 document, with no errors', async () => {
      const result = await new Validator().validate(
        contract.spec as Parameters<Validator['validate']>[0],
      )
      expect(result.errors ?? []).toEqual([])
      expect(result.valid).toBe(true)
    })

    /** A schema, or the component its `$ref` names. */
    const resolve = (schema: unknown) => {
      const ref = (schema as { $ref?: string } | undefined)?.$ref
      const named = ref?.match(/^#\/components\/schemas\/(\w+)$/)?.[1]
      const components = (contract.spec.components as { schemas: Record<string, unknown> }).schemas
      return (named ? components[named] : schema) as
        { required?: string[]; properties?: Record<string, unknown> } | undefined
    }

    it('names the shared schemas once, as components, and refers to them', () => {
      const components = (contract.spec.components as { schemas: Record<string, unknown> }).schemas
      for (const name of ['Pin', 'Board', 'BoardSection', 'Account', 'OwnAccount', 'UserSummary']) {
        expect(components[name], name).toBeDefined()
      }
      for (const name of ['Conversation', 'Message', 'InvitePreview', 'Error']) {
        expect(components[name], name).toBeDefined()
      }
      const pin = contract.find('GET', '/v5/pins/{pin_id}')!.responses['200']!
      expect(pin.content?.['application/json']?.schema).toEqual({
        $ref: '#/components/schemas/Pin',
      })
      expect(JSON.stringify(contract.spec.paths)).not.toContain('"title":"Pin"')
    })

    it('every operation declares its real success status, its response schema and its errors', () => {
      const ops = contract.operations.filter((op) => op.path.startsWith('/v5/'))
      expect(ops.length).toBeGreaterThan(50)
      const problems: string[] = []
      for (const op of ops) {
        const where = `${op.method} ${op.path}`
        if (op.successStatuses.length === 0) problems.push(`${where}: no success status`)
        for (const status of op.successStatuses) {
          const response = op.responses[String(status)]!
          if (/default response/i.test(response.description ?? '')) {
            problems.push(`${where}: ${status} is the default response`)
          }
          // a file download (an export's ZIP) documents its binary body under its own type
          const file = Object.entries(response.content ?? {}).some(
            ([type, c]) => type !== 'application/json' && c.schema?.format === 'binary',
          )
          const schema = response.content?.['application/json']?.schema
          if (status !== 204 && status !== 302 && !schema && !file) {
            problems.push(`${where}: ${status} has no JSON schema`)
          }
          if ((status === 204 || status === 302) && response.content) {
            problems.push(`${where}: ${status} documents a body`)
          }
        }
        const write = op.method !== 'GET'
        const authenticated = op.security !== undefined && op.security.length > 0
        const expected = [
          // any URL can carry a query string: a NUL byte in one is a 400, over 8 KiB a 414
          400,
          414,
          ...(authenticated ? [401, 403] : []),
          ...(/\{\w+\}/.test(op.path) ? [404] : []),
          ...(write ? [413, 415, 503] : []),
          429,
        ]
        for (const status of expected) {
          if (!op.errorStatuses.includes(status)) problems.push(`${where}: ${status} missing`)
        }
        for (const status of op.errorStatuses) {
          const schema = resolve(
            op.responses[String(status)]!.content?.['application/json']?.schema,
          )
          if (!schema || !ERROR_KEYS.every((k) => schema.required?.includes(k))) {
            problems.push(`${where}: ${status} without the error schema`)
          } else if (!schema.properties?.reason || schema.required?.includes('reason')) {
            problems.push(`${where}: ${status} error schema lacks an optional reason`)
          }
        }
      }
      expect(problems).toEqual([])
    })

    it('names every operation once (operationId) and leaves out the routes outside the API', () => {
      const ids = contract.operations.map((op) => op.operationId)
      expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true)
      expect(new Set(ids).size).toBe(ids.length)
      // hand-registered: probes, metrics, images, dev pages and the WebSocket are not REST operations
      expect(Object.keys(contract.spec.paths).filter((p) => !p.startsWith('/v5/'))).toEqual([])
      expect(contract.spec.paths['/v5/stream']).toBeUndefined()
    })

    it('public reads declare their auth optional, others required, sign-up none', () => {
      const security = (method: string, path: string) => contract.find(method, path)?.security
      const optional = [{}, { bearer: [] }, { session: [] }]
      expect(security('GET', '/v5/pins/{pin_id}')).toEqual(optional)
      expect(security('GET', '/v5/boards/{board_id}')).toEqual(optional)
      expect(security('GET', '/v5/users/{username}')).toEqual(optional)
      expect(security('GET', '/v5/boards')).toEqual([{ bearer: [] }, { session: [] }])
      expect(security('POST', '/v5/auth/signup')).toEqual([])
    })

    it('never coerces a request body: a boolean where a string goes is a 400', async () => {
      for (const payload of [{ name: true }, { name: 12 }, { name: null }, { name: ['x'] }]) {
        const res = await ana.call({ method: 'POST', url: '/v5/boards', payload })
        expect(res.statusCode, JSON.stringify(payload)).toBe(400)
        expect(res.json()).toMatchObject({ code: 400, reason: 'invalid_input' })
        contract.check('POST', '/v5/boards', res)
      }
      const boards = await ana.call({ method: 'GET', url: '/v5/boards' })
      expect(boards.json().items).toEqual([])
      // null only where the schema says so: a board's description may be null
      const ok = await ana.call({
        method: 'POST',
        url: '/v5/boards',
        payload: { name: 'Hikes', description: null },
      })
      expect(ok.statusCode).toBe(201)
      contract.check('POST', '/v5/boards', ok)
      const read = await ana.call({
        method: 'POST',
        url: `/v5/conversations/1/read`,
        payload: { seq: '3' },
      })
      expect(read.statusCode).toBe(400)
    })

    it('a 400 from an endpoint that takes no input is a documented answer too', async () => {
      const res = await ana.call({ method: 'GET', url: '/v5/user_account?x=%00' })
      expect(res.statusCode).toBe(400)
      contract.check('GET', '/v5/user_account', res)
    })

    it('still coerces the querystring and path parameters', async () => {
      const res = await ana.call({ method: 'GET', url: '/v5/boards?page_size=1' })
      expect(res.statusCode).toBe(200)
      expect(res.json().items).toHaveLength(1)
      contract.check('GET', '/v5/boards', res)
    })

    describe('over real HTTP', () => {
      let port: number
      beforeAll(async () => {
        await t.app.listen({ port: 0, host: '127.0.0.1' })
        port = (t.app.server.address() as AddressInfo).port
      })

      it('a body over the limit is a JSON 413', async () => {
        const res = await fetch(`http://127.0.0.1:${port}/v5/boards`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${ana.token}`,
          },
          body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
        })
        expect(res.status).toBe(413)
        expect(res.headers.get('content-type')).toMatch(/^application\/json/)
        const body = await res.json()
        expect(body).toMatchObject({ code: 413, message: expect.any(String) })
        contract.check('POST', '/v5/boards', { statusCode: res.status, body })
      })

      it('a URL over the limit is a JSON 414, however long', async () => {
        for (const length of [9_000, 20_000, 70_000]) {
          const raw = parseRaw(
            await rawRequest(
              port,
              `GET /v5/search/pins?query=${'a'.repeat(length)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
            ),
          )
          expect(raw.status, `${length}`).toBe(414)
          expect(raw.headers['content-type']).toMatch(/^application\/json/)
          expect(JSON.parse(raw.body)).toMatchObject({ code: 414, message: expect.any(String) })
          contract.check('GET', '/v5/search/pins', { statusCode: raw.status, body: raw.body })
        }
      })

      it('header fields over the limit are a JSON 431', async () => {
        const raw = parseRaw(
          await rawRequest(
            port,
            `GET /v5/pins HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
          ),
        )
        expect(raw.status).toBe(431)
        expect(raw.headers['content-type']).toMatch(/^application\/json/)
        expect(JSON.parse(raw.body)).toMatchObject({ code: 431, message: expect.any(String) })
      })

      it('a request Node cannot parse is a JSON 400', async () => {
        const raw = parseRaw(await rawRequest(port, `NOT A REQUEST\r\n\r\n`))
        expect(raw.status).toBe(400)
        expect(JSON.parse(raw.body)).toMatchObject({ code: 400, message: expect.any(String) })
      })
    })
  })
}
