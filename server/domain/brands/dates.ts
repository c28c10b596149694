import { BadRequestError } from '../../errors'

/** The longest window a promotion (or a report) may span, both ends included. */
export const MAX_RANGE_DAYS = 366
const DAY_MS = 86_400_000

/** The UTC midnight of a YYYY-MM-DD calendar date, or null when it is no real date (02-30). */
export function dayStartMs(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null
  }
  return ms
}

/**
 * Checks a range of UTC dates, both included: real calendar dates, start ≤ end, at most
 * `maxDays` days. Answers the range's bounds as times: [from, until) in ISO form.
 */
export function checkDateRange(
  start: string,
  end: string,
  maxDays: number,
): { from: string; until: string } {
  const s = dayStartMs(start)
  const e = dayStartMs(end)
  if (s === null) throw new BadRequestError('start_date must be a real date, YYYY-MM-DD.')
  if (e === null) throw new BadRequestError('end_date must be a real date, YYYY-MM-DD.')
  if (e < s) throw new BadRequestError('end_date must not be before start_date.')
  if ((e - s) / DAY_MS + 1 > maxDays) {
    throw new BadRequestError(`The range may span at most ${maxDays} days.`)
  }
  return windowOf(start, end)
}

/** The times a range of dates covers: from the start's midnight to the midnight after the end. */
export function windowOf(start: string, end: string): { from: string; until: string } {
  const s = dayStartMs(start) ?? 0
  const e = dayStartMs(end) ?? 0
  return { from: new Date(s).toISOString(), until: new Date(e + DAY_MS).toISOString() }
}
