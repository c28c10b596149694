/** Wait before the next attempt after `attempts` failed ones: base, 2×base, 4×base … up to max. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 40)))
}
