import { RateLimitedError } from '../../errors'

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number }

/**
 * Counts hits per key in fixed windows. The in-memory store serves one instance; a Redis one
 * (INCR + PEXPIRE) serves several behind the same interface.
 */
export interface RateLimiter {
  /** Counts `cost` hits (1 unless told) when they fit under `limit`; a refusal counts nothing. */
  hit(key: string, limit: number, windowMs: number, cost?: number): Promise<RateDecision>
}

export interface RateLimit {
  limit: number
  windowMs: number
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
  return {
    async hit(key, limit, windowMs, cost = 1) {
      const t = now()
      if (t - lastSweep > 60 * SECOND) {
        for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k)
        lastSweep = t
      }
      const slot = `${key}:${windowMs}`
      let w = windows.get(slot)
      if (!w || w.resetAt <= t) {
        w = { resetAt: t + windowMs, count: 0 }
        windows.set(slot, w)
      }
      if (w.count + cost > limit) return { ok: false, retryAfterMs: w.resetAt - t }
      w.count += cost
      return { ok: true }
    },
  }
}

/** Hits every limit in turn; the first one exhausted answers 429 with its Retry-After. */
export async function enforce(
  limiter: RateLimiter,
  key: string,
  limits: RateLimit[],
  cost = 1,
): Promise<void> {
  for (const l of limits) {
    const d = await limiter.hit(key, l.limit, l.windowMs, cost)
    if (!d.ok) throw new RateLimitedError(Math.max(1, Math.ceil(d.retryAfterMs / 1000)))
  }
}
