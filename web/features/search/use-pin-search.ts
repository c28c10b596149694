import { useEffect, useState } from 'react'
import { messageOf } from '../../lib/api'
import { useDebouncedValue } from '../../lib/use-debounced-value'
import { searchPins, type PinSearchPage } from './search-api'

export interface PinSearch {
  /** the answer for the query and guides as they are now, or the last one while it loads */
  page: PinSearchPage | null
  status: 'idle' | 'loading' | 'ready' | 'error'
  error: string | null
}

interface Answer {
  /** the query and guides it answers, as `usePinSearch` keys them */
  key: string
  page: PinSearchPage | null
  error: string | null
}

/**
 * One page of pins and guides for a search that changes as someone types (debounced); the last
 * answer stays on screen until the next one arrives.
 */
export function usePinSearch(query: string, guides: string[], pageSize: number): PinSearch {
  const key = JSON.stringify([query.trim(), guides])
  const settled = useDebouncedValue(key, 200)
  const [result, setResult] = useState<Answer | null>(null)

  useEffect(() => {
    const [q, g] = JSON.parse(settled) as [string, string[]]
    if (!q) return
    const controller = new AbortController()
    searchPins(q, g, pageSize, controller.signal).then(
      (page) => setResult({ key: settled, page, error: null }),
      (err: unknown) => {
        if (!controller.signal.aborted)
          setResult({ key: settled, page: null, error: messageOf(err) })
      },
    )
    return () => controller.abort()
  }, [settled, pageSize])

  if (!query.trim()) return { page: null, status: 'idle', error: null }
  if (result?.key === key) {
    return result.error
      ? { page: null, status: 'error', error: result.error }
      : { page: result.page, status: 'ready', error: null }
  }
  return { page: result?.page ?? null, status: 'loading', error: null }
}
