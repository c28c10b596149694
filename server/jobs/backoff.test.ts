import { describe, expect, it } from 'vitest'
import { retryDelay } from './backoff'

describe('retryDelay', () => {
  it('doubles from the base after each failed attempt', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 5000, 3_600_000))).toEqual([
      5000, 10_000, 20_000, 40_000,
    ])
  })

  it('stops growing at the cap, however many attempts', () => {
    expect(retryDelay(11, 5000, 3_600_000)).toBe(3_600_000)
    expect(retryDelay(10_000, 5000, 3_600_000)).toBe(3_600_000)
  })
})
