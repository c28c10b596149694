import argon2 from 'argon2'

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane.
const BASELINE = { memoryCost: 19456, timeCost: 2 }
const LEAST = { memoryCost: 1024, timeCost: 1 }
let cost = BASELINE
/** A hash to verify against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined

export const hashPassword = (password: string) =>
  argon2.hash(password, { type: argon2.argon2id, parallelism: 1, ...cost })

/**
 * For the test suites' in-process apps only (tests/support/test-app.ts), never configurable:
 * argon2id at its least cost (1 MiB, 1 iteration), 1 ms a hash instead of about 50, so that a
 * test run's 1,700 sign-ups and log-ins cost 2 s of CPU, not 80. Its hashes verify like any
 * other (argon2 keeps the parameters in the hash); servers run as processes keep the baseline.
 */
export function leastPasswordHashCostForTests() {
  if (cost === LEAST) return
  cost = LEAST
  // an unknown account's check must cost what a known one's does: the dummy at the new cost
  dummyHash = undefined
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

export const dummyPasswordHash = () => (dummyHash ??= hashPassword('not-a-real-password'))
