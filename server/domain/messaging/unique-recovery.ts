import { isUniqueViolation } from '../../db/dialect'
import type { Unit, Units } from '../unit'

/**
 * Runs `write` as one unit; when it fails on a unique constraint, answers what `recover` finds
 * (the original of an idempotent retry), else retries once in a new unit (a 1:1 created by the
 * other person at the same moment).
 */
export async function withUniqueRecovery<T>(
  units: Pick<Units, 'run'>,
  write: (unit: Unit) => Promise<T>,
  recover: () => Promise<T | null>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await units.run(write)
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      const found = await recover()
      if (found !== null) return found
      if (attempt >= 1) throw err
    }
  }
}
