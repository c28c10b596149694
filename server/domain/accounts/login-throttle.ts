import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { RateLimitedError } from '../../errors'

/**
 * How log-in failures slow down guessing. Each account (the name or address typed, known or
 * not) and each client address has a count of attempts; past `free…` of them, every further
 * attempt must wait `firstDelayMs`, then twice that, and so on up to `maxDelayMs`. A success
 * clears the account's count. Counts are forgotten `forgetAfterMs` after the last attempt, and
 * the delay is capped. An attempt from a device the account logged in from before (a signed
 * device cookie, OWASP's "device cookies") is held against that device's own count instead of
 * the account's, so a stranger slowing the account down never keeps its owner out.
 */
export interface LoginThrottleOptions {
  freePerAccount: number
  freePerAddress: number
  firstDelayMs: number
  maxDelayMs: number
  forgetAfterMs: number
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freePerAccount: 5,
  // an office or a carrier's NAT puts many people behind one address
  freePerAddress: 20,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
}

/** The two counts an attempt is held against: the account's (or the device's), the address's. */
export interface ThrottleKeys {
  account: string
  address: string
}

/**
 * Where the counts live: in memory for one instance, in Redis for several. An attempt is
 * counted (as a failure, until it proves otherwise) before its password is checked, so that a
 * burst of parallel guesses cannot all slip in before the first one fails.
 */
export interface LoginThrottleStore {
  /** 0: go ahead (counted); otherwise the ms to wait, and nothing counted */
  attempt(keys: ThrottleKeys): Promise<number>
  /**
   * the attempt was right: the account (or device) starts afresh; the address gets back only the
   * one attempt this success was counted as, so its own log-ins buy an address no extra guesses
   */
  succeeded(keys: ThrottleKeys): Promise<void>
}

export interface LoginThrottle {
  /**
   * Runs `check` (the password check: the account when the password is right, else null)
   * unless a delay is pending, in which case it throws 429 `login_throttled` without running it.
   */
  guard<T>(
    login: string,
    address: string,
    check: () => Promise<T | null>,
    /**
     * a device this account logged in from before, already verified to belong to it: its own
     * count stands in for the account's
     */
    device?: string | null,
  ): Promise<T | null>
}

/** The delay after the `n`th counted attempt of a key allowed `free` of them. */
export function delayAfter(n: number, free: number, options: LoginThrottleOptions): number {
  if (n < free) return 0
  return Math.min(options.firstDelayMs * 2 ** Math.min(n - free, 40), options.maxDelayMs)
}

/** The account key: what was typed, normalized as the log-in looks it up, hashed. */
const accountKey = (login: string) =>
  createHash('sha256').update(login.trim().toLowerCase()).digest('base64url')

/** A device's key: never equal to an account's (no ':' in those). */
const deviceKey = (device: string) =>
  `device:${createHash('sha256').update(device).digest('base64url')}`

export function createLoginThrottle(store: LoginThrottleStore): LoginThrottle {
  return {
    async guard(login, address, check, device) {
      const keys = { account: device ? deviceKey(device) : accountKey(login), address }
      const waitMs = await store.attempt(keys)
      if (waitMs > 0) {
        throw new RateLimitedError(
          Math.max(1, Math.ceil(waitMs / 1000)),
          'login_throttled',
          'Too many failed log-ins',
        )
      }
      const result = await check()
      if (result !== null) await store.succeeded(keys)
      return result
    },
  }
}

interface Count {
  n: number
  lockedUntil: number
  forgetAt: number
}

export function createMemoryLoginThrottleStore(
  options: LoginThrottleOptions,
  now: () => number = Date.now,
): LoginThrottleStore {
  const counts = new Map<string, Count>()
  let lastSweep = now()
  const countOf = (key: string, t: number) => {
    const c = counts.get(key)
    return c && c.forgetAt > t ? c : undefined
  }
  return {
    async attempt({ account, address }) {
      const t = now()
      if (t - lastSweep > 60_000) {
        for (const [k, c] of counts) if (c.forgetAt <= t) counts.delete(k)
        lastSweep = t
      }
      const keyed = [
        [`a:${account}`, options.freePerAccount],
        [`i:${address}`, options.freePerAddress],
      ] as const
      let wait = 0
      for (const [key] of keyed) wait = Math.max(wait, (countOf(key, t)?.lockedUntil ?? 0) - t)
      if (wait > 0) return wait
      for (const [key, free] of keyed) {
        const c = countOf(key, t) ?? { n: 0, lockedUntil: 0, forgetAt: 0 }
        c.n++
        c.forgetAt = t + options.forgetAfterMs
        const delay = delayAfter(c.n, free, options)
        if (delay > 0) c.lockedUntil = t + delay
        counts.set(key, c)
      }
      return 0
    },
    async succeeded({ account, address }) {
      counts.delete(`a:${account}`)
      const c = countOf(`i:${address}`, now())
      if (c) {
        c.n = Math.max(0, c.n - 1)
        if (c.n < options.freePerAddress) c.lockedUntil = 0
      }
    },
  }
}

/**
 * KEYS: per key, its count then its lock. ARGV: per key its free attempts, then the first
 * delay, the cap and the forget time (ms). A pending lock on any key: answers its ms, counts
 * nothing. Otherwise counts the attempt on every key, locks those past their free attempts for
 * the doubling delay, and answers 0.
 */
const ATTEMPT = `
local keys = #KEYS / 2
local wait = 0
for i = 1, keys do
  local ttl = redis.call('PTTL', KEYS[2 * i])
  if ttl > wait then wait = ttl end
end
if wait > 0 then return wait end
local first = tonumber(ARGV[keys + 1])
local cap = tonumber(ARGV[keys + 2])
local forget = tonumber(ARGV[keys + 3])
for i = 1, keys do
  local n = redis.call('INCR', KEYS[2 * i - 1])
  redis.call('PEXPIRE', KEYS[2 * i - 1], forget)
  local free = tonumber(ARGV[i])
  if n >= free then
    local delay = math.min(first * 2 ^ math.min(n - free, 40), cap)
    redis.call('SET', KEYS[2 * i], '1', 'PX', math.floor(delay))
  end
end
return 0
`

/** KEYS: the account's count and lock, the address's count and lock. ARGV: the address's free attempts. */
const SUCCEEDED = `
redis.call('DEL', KEYS[1], KEYS[2])
local n = tonumber(redis.call('GET', KEYS[3]) or '0')
if n > 0 then n = redis.call('DECR', KEYS[3]) end
if n < tonumber(ARGV[1]) then redis.call('DEL', KEYS[4]) end
return 0
`

interface WithLoginCommands {
  corkboardLoginAttempt(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>
  corkboardLoginSucceeded(numKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>
}

const PREFIX = 'corkboard:login:'

/** Where a failed Redis call is reported: the process's outage log (one warning per outage). */
export interface RedisFailures {
  failed(source: string, err: unknown): void
}

/**
 * The counts shared by every instance, one script call per attempt. While Redis is
 * unreachable each instance counts in memory on its own (fewer guesses get through than with
 * no throttle at all, and log-in keeps working).
 */
export function createRedisLoginThrottleStore(
  redis: Redis,
  failures: RedisFailures,
  options: LoginThrottleOptions,
): LoginThrottleStore {
  const fallback = createMemoryLoginThrottleStore(options)
  const commands = redis as unknown as WithLoginCommands
  redis.defineCommand('corkboardLoginAttempt', { lua: ATTEMPT })
  redis.defineCommand('corkboardLoginSucceeded', { lua: SUCCEEDED })
  const keysOf = ({ account, address }: ThrottleKeys) => [
    `${PREFIX}a:${account}:n`,
    `${PREFIX}a:${account}:lock`,
    `${PREFIX}i:${address}:n`,
    `${PREFIX}i:${address}:lock`,
  ]
  // the rate limits' connection: its recovery ends the outage this reports into
  const warn = (err: unknown) => failures.failed('rate limits', err)
  return {
    async attempt(keys) {
      try {
        return await commands.corkboardLoginAttempt(
          4,
          ...keysOf(keys),
          options.freePerAccount,
          options.freePerAddress,
          options.firstDelayMs,
          options.maxDelayMs,
          options.forgetAfterMs,
        )
      } catch (err) {
        warn(err)
        return fallback.attempt(keys)
      }
    },
    async succeeded(keys) {
      try {
        await commands.corkboardLoginSucceeded(4, ...keysOf(keys), options.freePerAddress)
      } catch (err) {
        warn(err)
        await fallback.succeeded(keys)
      }
    },
  }
}

/** The throttle for this deployment: on the rate limits' Redis when there is one. */
export function createLoginThrottleFor(
  redis: Redis | null,
  failures: RedisFailures,
  overrides: Partial<LoginThrottleOptions> = {},
): LoginThrottle {
  const options = { ...DEFAULT_LOGIN_THROTTLE, ...overrides }
  return createLoginThrottle(
    redis
      ? createRedisLoginThrottleStore(redis, failures, options)
      : createMemoryLoginThrottleStore(options),
  )
}
