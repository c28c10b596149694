import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'

import { layoutColumns } from './masonry-layout'

interface MasonryProps<T> {
  items: T[]
  getKey: (item: T) => string
  /** Height divided by width of the item's picture. */
  ratio: (item: T) => number
  /** Height below the picture (title, meta), in px, as an estimate. */
  extra?: (item: T) => number
  render: (item: T) => ReactNode
  minColumns?: number
  label?: string
}

/**
 * A masonry grid: each item goes into the shortest column, using the picture's known
 * aspect ratio, so placement is decided before any image loads and never jumps.
 */
export function Masonry<T>({
  items,
  getKey,
  ratio,
  extra = () => 0,
  render,
  minColumns = 2,
  label,
}: MasonryProps<T>) {
  const ref = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(() => Math.min(window.innerWidth, 2400) - 32)

  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width
      if (w) setWidth(w)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  const columns = layoutColumns(items, width, { minColumns, ratio, extra })

  return (
    <div ref={ref} className="masonry" role="list" aria-label={label}>
      {columns.map((column, i) => (
        <div className="masonry-column" key={i}>
          {column.map((item) => (
            <div role="listitem" className="masonry-item" key={getKey(item)}>
              {render(item)}
            </div>
          ))}
        </div>
      ))}
    </div>
  )
}

const SKELETON_RATIOS = [1.4, 1, 1.6, 1.2, 0.8, 1.5, 1.1, 1.3, 0.9, 1.7, 1.25, 1.45]

/** Grey placeholder cards shaped like a grid, shown while the first page loads. */
export function MasonrySkeleton({ count = 18 }: { count?: number }) {
  const items = Array.from({ length: count }, (_, i) => i)
  return (
    <div aria-busy="true" role="status" aria-label="Loading pins">
      <Masonry
        items={items}
        getKey={(i) => String(i)}
        ratio={(i) => SKELETON_RATIOS[i % SKELETON_RATIOS.length] ?? 1}
        extra={() => 28}
        render={(i) => (
          <div className="skeleton-card">
            <div
              className="skeleton-image shimmer"
              style={{ aspectRatio: `1 / ${SKELETON_RATIOS[i % SKELETON_RATIOS.length] ?? 1}` }}
            />
            <div className="skeleton-line shimmer" />
          </div>
        )}
      />
    </div>
  )
}
