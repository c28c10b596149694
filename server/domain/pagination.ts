import { BadRequestError } from '../errors'

export const DEFAULT_PAGE_SIZE = 25
export const MAX_PAGE_SIZE = 250

/** An opaque bookmark: the position after the last item of a page. */
export function encodeBookmark(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url')
}

export function decodeBookmark<K extends string>(
  bookmark: string | undefined,
  keys: readonly K[],
): Record<K, string | number> | null {
  if (!bookmark) return null
  try {
    const value: unknown = JSON.parse(Buffer.from(bookmark, 'base64url').toString('utf8'))
    if (typeof value !== 'object' || value === null) throw new Error('not an object')
    const record = value as Record<string, unknown>
    for (const k of keys) {
      const v = record[k]
      if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`missing ${k}`)
    }
    return record as Record<K, string | number>
  } catch {
    throw new BadRequestError('bookmark is not valid for this list.', 'invalid_bookmark')
  }
}

/**
 * Given `pageSize + 1` rows fetched in order, returns the page and the bookmark of the next
 * one (null on the last page).
 */
export function pageOf<Row, Item>(
  rows: Row[],
  pageSize: number,
  toItem: (row: Row) => Item,
  position: (row: Row) => Record<string, string | number>,
): { items: Item[]; bookmark: string | null } {
  const more = rows.length > pageSize
  const pageRows = more ? rows.slice(0, pageSize) : rows
  const last = pageRows[pageRows.length - 1]
  return {
    items: pageRows.map(toItem),
    bookmark: more && last !== undefined ? encodeBookmark(position(last)) : null,
  }
}

/** Parses a wire id ("123") to the integer key, or null when it cannot be one. */
export function parseId(id: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(id)) return null
  const n = Number(id)
  return Number.isSafeInteger(n) ? n : null
}
