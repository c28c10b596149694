import type { ReactNode } from 'react'
import type { Pin } from '../../../protocol/api'
import type { PagedList } from '../../lib/use-paged-list'
import { LoadMoreOf } from '../../ui/load-more'
import { Masonry, MasonrySkeleton } from '../../ui/masonry'
import { ErrorState } from '../../ui/states'
import { PinCard, pinCardExtra } from './pin-card'
import { pinRatio } from './pins-api'

interface PinGridProps {
  list: PagedList<Pin>
  empty: ReactNode
  label?: string
  /** Pins to leave out (the close-up's own pin in "more from this board"). */
  exclude?: string
}

/** A paged list of pins as an infinite masonry grid, with its loading / empty / error states. */
export function PinGrid({ list, empty, label = 'Pins', exclude }: PinGridProps) {
  if (list.status === 'loading') return <MasonrySkeleton />
  if (list.status === 'error') {
    return <ErrorState title="Could not load pins" message={list.error} onRetry={list.reload} />
  }
  const pins = exclude ? list.items.filter((p) => p.id !== exclude) : list.items
  if (pins.length === 0) return <>{empty}</>
  return (
    <>
      <Masonry
        items={pins}
        label={label}
        getKey={(pin) => pin.id}
        ratio={pinRatio}
        extra={pinCardExtra}
        render={(pin) => <PinCard pin={pin} />}
      />
      <LoadMoreOf list={list} />
    </>
  )
}
