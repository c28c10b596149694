import { useCallback, useState } from 'react'
import { messageOf } from './api'

/**
 * A form's or dialog's one action: `busy` while it runs, and the refusal it ended with (or
 * one the caller sets, e.g. a check before sending) as `error`.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }, [])

  return { busy, error, setError, run }
}
