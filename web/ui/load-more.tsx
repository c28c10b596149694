import { useEffect, useRef } from 'react'
import { Button } from './button'

interface LoadMoreProps {
  hasMore: boolean
  loading: boolean
  error: string | null
  onMore: () => void
}

/** The end of an infinite list: fetches the next page as it nears the viewport. */
export function LoadMore({ hasMore, loading, error, onMore }: LoadMoreProps) {
  const ref = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const el = ref.current
    if (!el || !hasMore || error) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onMore()
      },
      { rootMargin: '1200px 0px' },
    )
    observer.observe(el)
    return () => observer.disconnect()
  }, [hasMore, error, onMore, loading])

  if (!hasMore && !loading) return null
  return (
    <div ref={ref} className="load-more">
      {error ? (
        <>
          <span>{error}</span>
          <Button size="sm" onClick={onMore}>
            Try again
          </Button>
        </>
      ) : (
        <span className="spinner" role="status" aria-label="Loading more" />
      )}
    </div>
  )
}

/** `LoadMore` for a paged list (`usePagedList`): its next page, its loading and its error. */
export function LoadMoreOf({
  list,
}: {
  list: { hasMore: boolean; loadingMore: boolean; moreError: string | null; loadMore: () => void }
}) {
  return (
    <LoadMore
      hasMore={list.hasMore}
      loading={list.loadingMore}
      error={list.moreError}
      onMore={list.loadMore}
    />
  )
}
