import { RateLimitedError } from '../errors'

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number }

export interface RateLimit {
  limit: number
  windowMs: number
}

/** A window's count after one more request, and when the window ends. */
export interface WindowCount {
  count: number
  resetInMs: number
}

/**
 * Counts hits per key in fixed windows, for the HTTP limits and Messages' abuse controls alike.
 * The in-memory one serves one instance; the Redis one (a Lua script: one round trip) serves
 * several behind the same interface.
 */
export interface RateLimiter {
  /**
   * Counts `cost` hits (1 unless told) in every window of `key` when they fit under every
   * limit (e.g. 20 per 10 s and 600 per hour); otherwise counts nothing and answers when the
   * fullest window frees up.
   */
  hit(key: string, limits: readonly RateLimit[], cost?: number): Promise<RateDecision>
  /**
   * Counts one request in `key`'s window, whether or not it fits, and answers the count: what
   * an HTTP limit needs for its `x-ratelimit-*` headers. Synchronous in memory, so most
   * requests take no promise on the way in.
   */
  count(key: string, windowMs: number): WindowCount | Promise<WindowCount>
}

/** MESSAGE_RATE_LIMITS=off: a limiter that never refuses. */
export const UNLIMITED: RateLimiter = {
  hit: async () => ({ ok: true }),
  count: (_key, windowMs) => ({ count: 0, resetInMs: windowMs }),
}

const SWEEP_EVERY_MS = 60_000

export function createMemoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { resetAt: number; count: number }>()
  let lastSweep = now()
  /** `slot`'s current window (a fresh one once the last has ended); forgets ended ones now and then. */
  const windowOf = (slot: string, t: number, windowMs: number) => {
    if (t - lastSweep > SWEEP_EVERY_MS) {
      for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k)
      lastSweep = t
    }
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
      const counted = limits.map((l) => ({ l, w: windowOf(`${key}:${l.windowMs}`, t, l.windowMs) }))
      let retryAfterMs = 0
      for (const { l, w } of counted) {
        if (w.count + cost > l.limit) retryAfterMs = Math.max(retryAfterMs, w.resetAt - t)
      }
      if (retryAfterMs > 0) return { ok: false, retryAfterMs }
      for (const { w } of counted) w.count += cost
      return { ok: true }
    },
    count(key, windowMs) {
      const t = now()
      const w = windowOf(`${key}:${windowMs}`, t, windowMs)
      w.count++
      return { count: w.count, resetInMs: w.resetAt - t }
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
