import { useCallback, useEffect, useState } from 'react'
import { ApiError, api, messageOf } from './api'

interface State<T> {
  path: string | null
  data: T | null
  error: string | null
  notFound: boolean
}

export interface Resource<T> {
  data: T | null
  status: 'loading' | 'ready' | 'error'
  error: string | null
  notFound: boolean
  reload: () => void
  setData: (update: (data: T) => T) => void
}

/** Loads one JSON resource; changing `path` loads the new one. */
export function useResource<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<State<T>>({ path, data: null, error: null, notFound: false })
  const [generation, setGeneration] = useState(0)
  const current: State<T> =
    state.path === path ? state : { path, data: null, error: null, notFound: false }

  useEffect(() => {
    if (!path) return
    const controller = new AbortController()
    api<T>(path, { signal: controller.signal }).then(
      (data) => setState({ path, data, error: null, notFound: false }),
      (err: unknown) => {
        if (controller.signal.aborted) return
        const notFound = err instanceof ApiError && err.status === 404
        setState({ path, data: null, error: messageOf(err), notFound })
      },
    )
    return () => controller.abort()
  }, [path, generation])

  const reload = useCallback(() => {
    setState({ path, data: null, error: null, notFound: false })
    setGeneration((n) => n + 1)
  }, [path])

  const setData = useCallback((update: (data: T) => T) => {
    setState((s) => (s.data === null ? s : { ...s, data: update(s.data) }))
  }, [])

  const status = current.error ? 'error' : current.data === null ? 'loading' : 'ready'
  return {
    data: current.data,
    status,
    error: current.error,
    notFound: current.notFound,
    reload,
    setData,
  }
}
