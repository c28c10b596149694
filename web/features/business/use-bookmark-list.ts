import { useCallback, useEffect, useState } from 'react'
import type { Page } from '../../../protocol/api'
import { api, messageOf } from '../../lib/api'

interface State<T> {
  path: string
  items: T[]
  bookmark: string | null
  status: 'loading' | 'ready' | 'error'
  error: string | null
  loadingMore: boolean
  moreError: string | null
}

const fresh = <T>(path: string): State<T> => ({
  path,
  items: [],
  bookmark: null,
  status: 'loading',
  error: null,
  loadingMore: false,
  moreError: null,
})

/**
 * A `{items, bookmark}` list whose items have no `id` of their own (a participant, an
 * influencer: one row per person): pages walked with a "Show more" button, deduplicated by key.
 */
export function useBookmarkList<T>(path: string, keyOf: (item: T) => string, pageSize = 50) {
  const [state, setState] = useState<State<T>>(() => fresh<T>(path))
  const [generation, setGeneration] = useState(0)
  const current = state.path === path ? state : fresh<T>(path)

  useEffect(() => {
    const controller = new AbortController()
    api<Page<T>>(path, { query: { page_size: pageSize }, signal: controller.signal }).then(
      (page) =>
        setState({
          ...fresh<T>(path),
          items: page.items,
          bookmark: page.bookmark,
          status: 'ready',
        }),
      (err: unknown) => {
        if (controller.signal.aborted) return
        setState({ ...fresh<T>(path), status: 'error', error: messageOf(err) })
      },
    )
    return () => controller.abort()
  }, [path, pageSize, generation])

  const { bookmark, loadingMore } = current
  const loadMore = useCallback(() => {
    if (!bookmark || loadingMore) return
    setState((s) => ({ ...s, loadingMore: true, moreError: null }))
    api<Page<T>>(path, { query: { page_size: pageSize, bookmark } }).then(
      (page) =>
        setState((s) => {
          if (s.path !== path) return s
          const seen = new Set(s.items.map(keyOf))
          return {
            ...s,
            items: [...s.items, ...page.items.filter((item) => !seen.has(keyOf(item)))],
            bookmark: page.bookmark,
            loadingMore: false,
          }
        }),
      (err: unknown) =>
        setState((s) =>
          s.path !== path ? s : { ...s, loadingMore: false, moreError: messageOf(err) },
        ),
    )
  }, [path, pageSize, bookmark, loadingMore, keyOf])

  /** Loads the list again; the rows on screen stay until the new first page is in. */
  const refresh = useCallback(() => setGeneration((n) => n + 1), [])

  const update = useCallback(
    (key: string, change: (item: T) => T) => {
      setState((s) => ({
        ...s,
        items: s.items.map((item) => (keyOf(item) === key ? change(item) : item)),
      }))
    },
    [keyOf],
  )

  return {
    items: current.items,
    status: current.status,
    error: current.error,
    hasMore: current.status === 'ready' && current.bookmark !== null,
    loadingMore: current.loadingMore,
    moreError: current.moreError,
    loadMore,
    refresh,
    update,
  }
}
