import { useCallback, useEffect, useRef, useState } from 'react'
import type { Page } from '../../protocol/api'
import { ApiError, api, messageOf } from './api'

type Status = 'loading' | 'ready' | 'error'

interface State<T, P> {
  path: string | null
  /** the first page as answered (lists like search say more there than items and bookmark) */
  first: P | null
  items: T[]
  bookmark: string | null
  status: Status
  loadingMore: boolean
  error: string | null
  /** HTTP status of the first-page failure (404: the list does not exist). */
  errorStatus: number | null
  moreError: string | null
}

function fresh<T, P>(path: string | null): State<T, P> {
  return {
    path,
    first: null,
    items: [],
    bookmark: null,
    status: 'loading',
    loadingMore: false,
    error: null,
    errorStatus: null,
    moreError: null,
  }
}

export interface PagedList<T, P extends Page<T> = Page<T>> {
  items: T[]
  /** The first page's whole answer, once loaded. */
  firstPage: P | null
  status: Status
  error: string | null
  errorStatus: number | null
  /** Error of the last "next page" fetch; the items already shown stay. */
  moreError: string | null
  loadingMore: boolean
  hasMore: boolean
  loadMore: () => void
  reload: () => void
  setItems: (update: (items: T[]) => T[]) => void
}

/**
 * Walks a `{items, bookmark}` list page by page (for infinite scroll). Changing `path`
 * starts over; items are de-duplicated by id.
 */
export function usePagedList<T extends { id: string }, P extends Page<T> = Page<T>>(
  path: string | null,
  pageSize = 25,
): PagedList<T, P> {
  const [state, setState] = useState<State<T, P>>(() => fresh<T, P>(path))
  const [generation, setGeneration] = useState(0)
  const inFlight = useRef(false)
  const current = state.path === path ? state : fresh<T, P>(path)

  useEffect(() => {
    if (!path) return
    const controller = new AbortController()
    inFlight.current = true
    api<P>(path, { query: { page_size: pageSize }, signal: controller.signal }).then(
      (page) => {
        inFlight.current = false
        setState({
          ...fresh<T, P>(path),
          first: page,
          items: page.items,
          bookmark: page.bookmark,
          status: 'ready',
        })
      },
      (err: unknown) => {
        if (controller.signal.aborted) return
        inFlight.current = false
        setState({
          ...fresh<T, P>(path),
          status: 'error',
          error: messageOf(err),
          errorStatus: err instanceof ApiError ? err.status : null,
        })
      },
    )
    return () => {
      controller.abort()
      inFlight.current = false
    }
  }, [path, pageSize, generation])

  const bookmark = current.bookmark
  const ready = current.status === 'ready'
  const loadMore = useCallback(() => {
    if (!path || !ready || !bookmark || inFlight.current) return
    inFlight.current = true
    setState((s) => ({ ...s, loadingMore: true, moreError: null }))
    api<Page<T>>(path, { query: { page_size: pageSize, bookmark } }).then(
      (page) => {
        inFlight.current = false
        setState((s) => {
          if (s.path !== path) return s
          const seen = new Set(s.items.map((item) => item.id))
          const added = page.items.filter((item) => !seen.has(item.id))
          return {
            ...s,
            items: [...s.items, ...added],
            bookmark: page.bookmark,
            loadingMore: false,
          }
        })
      },
      (err: unknown) => {
        inFlight.current = false
        setState((s) =>
          s.path !== path ? s : { ...s, loadingMore: false, moreError: messageOf(err) },
        )
      },
    )
  }, [path, pageSize, bookmark, ready])

  const reload = useCallback(() => {
    setState(fresh<T, P>(path))
    setGeneration((n) => n + 1)
  }, [path])

  const setItems = useCallback((update: (items: T[]) => T[]) => {
    setState((s) => ({ ...s, items: update(s.items) }))
  }, [])

  return {
    items: current.items,
    firstPage: current.first,
    status: path ? current.status : 'ready',
    error: current.error,
    errorStatus: current.errorStatus,
    moreError: current.moreError,
    loadingMore: current.loadingMore,
    hasMore: ready && current.bookmark !== null,
    loadMore,
    reload,
    setItems,
  }
}
