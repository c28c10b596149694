import { LIMITS } from '../../protocol/limits'
import { BadRequestError } from '../errors'

export const DEFAULT_PAGE_SIZE = LIMITS.page.defaultSize
export const MAX_PAGE_SIZE = LIMITS.page.maxSize

/** An opaque bookmark: the position after the last item of a page. */
export function encodeBookmark(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url')
}

/**
 * What one position value of a bookmark may be. Every value is checked before it reaches
 * SQL, so a forged bookmark is a 400 and never a database error:
 * - `id`: a row id or sequence number, a safe positive integer (a numeric string is taken too);
 * - `count`: a non-negative safe integer (a save count);
 * - `score`: any finite number of sane size (a ranking score, compared in memory);
 * - `flag`: a small integer from 0 to 9 (a phase);
 * - `time`: an ISO 8601 UTC time as the database stores it (an epoch in ms is taken and
 *   turned into one).
 */
export type PositionKind = 'id' | 'count' | 'score' | 'flag' | 'time'
type PositionValue<K extends PositionKind> = K extends 'time' ? string : number
export type Position<
  R extends Record<string, PositionKind>,
  O extends Record<string, PositionKind>,
> = {
  [k in keyof R]: PositionValue<R[k]>
} & { [k in keyof O]?: PositionValue<O[k]> }

/** Times as `nowIso()` writes them (milliseconds optional, as older rows may lack them). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/
/** 9999-12-31T23:59:59.999Z: later epochs would not print as a four-digit year. */
const MAX_EPOCH_MS = 253_402_300_799_999

function positionValue(kind: PositionKind, v: unknown): string | number | undefined {
  switch (kind) {
    case 'id':
      if (typeof v === 'string') return parseId(v) ?? undefined
      return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined
    case 'count':
      return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined
    case 'score':
      return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 1e15 ? v : undefined
    case 'flag':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9 ? v : undefined
    case 'time':
      if (typeof v === 'string') {
        return ISO_TIME.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined
      }
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_EPOCH_MS) {
        return new Date(v).toISOString()
      }
      return undefined
  }
}

const invalidBookmark = () =>
  new BadRequestError('bookmark is not valid for this list.', 'invalid_bookmark')

/**
 * Decodes a bookmark into the position it names, each value checked against its kind:
 * `required` keys must all be there, `optional` ones may be. Anything else (not base64 JSON,
 * not an object, a value of the wrong type or out of range) is a 400 `invalid_bookmark`.
 */
export function decodeBookmark<
  R extends Record<string, PositionKind>,
  O extends Record<string, PositionKind> = Record<never, PositionKind>,
>(bookmark: string | undefined, required: R, optional?: O): Position<R, O> | null {
  if (bookmark === undefined || bookmark === '') return null
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(bookmark, 'base64url').toString('utf8'))
  } catch {
    throw invalidBookmark()
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidBookmark()
  const record = value as Record<string, unknown>
  const out: Record<string, string | number> = {}
  for (const [k, kind] of Object.entries(required)) {
    const v = Object.hasOwn(record, k) ? positionValue(kind, record[k]) : undefined
    if (v === undefined) throw invalidBookmark()
    out[k] = v
  }
  for (const [k, kind] of Object.entries(optional ?? {})) {
    if (!Object.hasOwn(record, k)) continue
    const v = positionValue(kind, record[k])
    if (v === undefined) throw invalidBookmark()
    out[k] = v
  }
  return out as Position<R, O>
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
