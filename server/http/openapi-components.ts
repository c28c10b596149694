type Node = Record<string, unknown>

/**
 * Moves every titled schema (Pin, Board, Message, Error, …: the shared schemas of
 * `http/schemas/`) out of the operations into `components.schemas`, each once, referenced by
 * name: a generated client gets one `Pin` type instead of one per operation. A nullable use
 * becomes `anyOf: [$ref, null]` (OpenAPI 3.0 ignores siblings of a `$ref`).
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
  const paths = visit(doc.paths)
  const components = (doc.components ?? {}) as { schemas?: Record<string, unknown> }
  return {
    ...doc,
    paths,
    components: { ...components, schemas: { ...components.schemas, ...named } },
  }
}
