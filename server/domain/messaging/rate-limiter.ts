import { RateLimitedError } from '../../errors'

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number }

export interface RateLimit {
  limit: number
  windowMs: number
}

/**
 * Counts hits per key in fixed windows, one per limit (e.g. 20 per 10 s and 600 per hour).
 * The in-memory store serves one instance; a Redis one (a Lua script: one round trip) serves
 * several behind the same interface.
 */
export interface RateLimiter {
  /**
   * Counts `cost` hits (1 unless told) in every window of `key` when they fit under every
   * limit; otherwise counts nothing and answers when the fullest window frees up.
   */
  hit(key: string, limits: readonly RateLimit[], cost?: number): Promise<RateDecision>
}

/** The abuse controls of Messages, per user. */
export interface MessagingLimits {
  messagesBurst: RateLimit
  messagesHourly: RateLimit
  conversationsDaily: RateLimit
  /** new conversations per day for accounts younger than `newAccountAgeMs` */
  conversationsDailyNewAccount: RateLimit
  newAccountAgeMs: number
}

const SECOND = 1000
const HOUR = 3600 * SECOND
const DAY = 24 * HOUR

export const DEFAULT_MESSAGING_LIMITS: MessagingLimits = {
  messagesBurst: { limit: 20, windowMs: 10 * SECOND },
  messagesHourly: { limit: 600, windowMs: HOUR },
  conversationsDaily: { limit: 50, windowMs: DAY },
  conversationsDailyNewAccount: { limit: 10, windowMs: DAY },
  newAccountAgeMs: DAY,
}

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { resetAt: number; count: number }>()
  let lastSweep = now()
  const windowOf = (slot: string, t: number, windowMs: number) => {
    let w = windows.get(slot)
    if (!w || w.resetAt <= t) {
      w = { resetAt: t + windowMs, count: 0 }
      windows.set(slot, w)
    }
    return w
  }
  return {
    async hit(key, limits, cost = 1) {
      const t = now()
      if (t - lastSweep > 60 * SECOND) {
        for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k)
        lastSweep = t
      }
      const counted = limits.map((l) => ({ l, w: windowOf(`${key}:${l.windowMs}`, t, l.windowMs) }))
      let retryAfterMs = 0
      for (const { l, w } of counted) {
        if (w.count + cost > l.limit) retryAfterMs = Math.max(retryAfterMs, w.resetAt - t)
      }
      if (retryAfterMs > 0) return { ok: false, retryAfterMs }
      for (const { w } of counted) w.count += cost
      return { ok: true }
    },
  }
}

/** Counts a hit against every limit of `key` at once; 429 with Retry-After when one is full. */
export async function enforce(
  limiter: RateLimiter,
  key: string,
  limits: RateLimit[],
  cost = 1,
): Promise<void> {
  const d = await limiter.hit(key, limits, cost)
  if (!d.ok) throw new RateLimitedError(Math.max(1, Math.ceil(d.retryAfterMs / 1000)))
}
