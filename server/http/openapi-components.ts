type Node = Record<string, unknown>

/**
 * Moves every titled schema (Pin, Board, Message, Error, …: the shared schemas of
 * `protocol/schemas/`) out of the operations into `components.schemas`, each once, referenced by
 * name: a generated client gets one `Pin` type instead of one per operation. A nullable use
 * becomes `anyOf: [$ref, null]` (OpenAPI 3.0 ignores siblings of a `$ref`). Response headers
 * go to `components.headers` the same way (a header of one name means one thing here), and
 * the error answers to `components.responses`, one per status.
 */
export function withNamedComponents<D extends { paths?: object; components?: object }>(doc: D): D {
  const named: Record<string, Node> = {}
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit)
    if (node === null || typeof node !== 'object') return node
    const out: Node = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]))
    const title = out.title
    if (typeof title !== 'string' || !(out.type === 'object' || Array.isArray(out.anyOf))) {
      return out
    }
    const { nullable, ...schema } = out
    named[title] ??= schema
    const ref = { $ref: `#/components/schemas/${encodeURIComponent(title)}` }
    return nullable ? { anyOf: [ref, { type: 'object', nullable: true, enum: [null] }] } : ref
  }
  const paths = visit(doc.paths) as Record<string, Record<string, Node>>
  // response headers (the rate-limit ones are on every answer) are named once too
  const headers: Record<string, unknown> = {}
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      for (const response of Object.values((op.responses ?? {}) as Record<string, Node>)) {
        const own = response.headers as Record<string, unknown> | undefined
        if (!own) continue
        response.headers = Object.fromEntries(
          Object.entries(own).map(([name, header]) => {
            headers[name] ??= header
            return [name, { $ref: `#/components/headers/${name}` }]
          }),
        )
      }
    }
  }
  // an error status answers the same everywhere: one named response each (`Error404`, …)
  const responses: Record<string, Node> = {}
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      const own = (op.responses ?? {}) as Record<string, Node>
      for (const [status, response] of Object.entries(own)) {
        if (!/^[45]\d\d$/.test(status)) continue
        const name = `Error${status}`
        responses[name] ??= response
        if (JSON.stringify(responses[name]) === JSON.stringify(response)) {
          own[status] = { $ref: `#/components/responses/${name}` }
        }
      }
    }
  }
  const components = (doc.components ?? {}) as {
    schemas?: Record<string, unknown>
    headers?: Record<string, unknown>
    responses?: Record<string, unknown>
  }
  return {
    ...doc,
    paths,
    components: {
      ...components,
      schemas: { ...components.schemas, ...named },
      headers: { ...components.headers, ...headers },
      responses: { ...components.responses, ...responses },
    },
  }
}
