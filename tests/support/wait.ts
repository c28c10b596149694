export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Resolves once `check` holds; fails after `timeoutMs` saying what was awaited. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}
