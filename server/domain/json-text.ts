/**
 * A response body the domain has already serialised to JSON, sent as it is. The hottest reads
 * (a pin, a feed page) splice cached per-pin JSON together instead of building and stringifying
 * the same objects on every request.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** `{"items":[…],"bookmark":…}` from items that are already JSON. */
export function pageJson(items: string[], bookmark: string | null): JsonText {
  return new JsonText(`{"items":[${items.join(',')}],"bookmark":${JSON.stringify(bookmark)}}`)
}
