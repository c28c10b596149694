import { useEffect, useRef, useState } from 'react'
import type { Pin } from '../../../protocol/api'
import { usePinCounts } from '../messages/messages-context'

/**
 * Keeps a shown pin's counts live: each `pin.updated` frame for it that arrives while it is
 * shown lands in its state through `onChange` (a frame from before it was loaded is older than
 * what was loaded, and is left alone).
 */
export function useLiveCounts(
  pinId: string,
  onChange: (counts: Pick<Pin, 'save_count' | 'like_count'>) => void,
) {
  const live = usePinCounts(pinId)
  const [atMount] = useState(live)
  const latest = useRef(onChange)
  useEffect(() => {
    latest.current = onChange
  })
  useEffect(() => {
    if (live && live !== atMount) latest.current(live)
  }, [live, atMount])
}
