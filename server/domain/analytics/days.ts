const DAY_MS = 86_400_000

/** Every UTC date from `start` to `end`, both included (YYYY-MM-DD; the range is checked). */
export function daysOf(start: string, end: string): string[] {
  const out: string[] = []
  const last = Date.parse(`${end}T00:00:00Z`)
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= last; t += DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10))
  }
  return out
}

/** Today's UTC date, and the one `n` days before or after it. */
export const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
export const addDays = (date: string, n: number): string =>
  utcDate(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS)
