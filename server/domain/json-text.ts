/**
 * A response body the domain has already serialised to JSON (UTF-8), sent as it is. The
 * hottest reads (a pin, a feed page) splice cached per-pin bytes together instead of building,
 * stringifying and encoding the same objects on every request.
 */
export class JsonText {
  constructor(readonly body: Buffer) {}
}

/** Pieces of one JSON value, to be written one after the other. */
export type JsonPieces = readonly Buffer[]

const ITEMS_OPEN = Buffer.from('{"items":[')
const COMMA = Buffer.from(',')

/** `{"items":[…],"bookmark":…}` from items that are already JSON, plus any `extra` fields. */
export function pageJson(
  items: readonly JsonPieces[],
  bookmark: string | null,
  extra?: Record<string, unknown>,
): JsonText {
  const parts: Buffer[] = [ITEMS_OPEN]
  items.forEach((pieces, i) => {
    if (i > 0) parts.push(COMMA)
    parts.push(...pieces)
  })
  const more = extra ? `,${JSON.stringify(extra).slice(1, -1)}` : ''
  parts.push(Buffer.from(`],"bookmark":${JSON.stringify(bookmark)}${more}}`))
  return new JsonText(Buffer.concat(parts))
}
