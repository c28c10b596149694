/** Next reconnect delay: exponential from `base`, capped, with "equal jitter" (50–100 %). */
export function backoffDelay(attempt: number, base: number, max: number, random: number): number {
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 16))
  return Math.round(ceiling / 2 + (ceiling / 2) * random)
}

/** The one reconnect timer of a stream, and how many attempts failed since the last ready. */
export class Retry {
  private attempt = 0
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly opts: { baseDelayMs: number; maxDelayMs: number; random: () => number },
  ) {}

  /** whether a reconnect (or the session check before one) is waiting */
  get waiting(): boolean {
    return this.timer !== null
  }

  /** Runs `run` after the next backoff delay, unless something is already waiting. */
  schedule(run: () => void) {
    if (this.timer) return
    const delay = backoffDelay(
      this.attempt,
      this.opts.baseDelayMs,
      this.opts.maxDelayMs,
      this.opts.random(),
    )
    this.attempt += 1
    this.timer = setTimeout(() => {
      this.timer = null
      run()
    }, delay)
  }

  /** Runs `run` on the next tick; it stays waiting until `run` calls `release`. */
  soon(run: () => void) {
    this.timer = setTimeout(run, 0)
  }

  release() {
    this.timer = null
  }

  cancel() {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** A ready socket: the next loss starts from the base delay again. */
  reset() {
    this.attempt = 0
  }
}
