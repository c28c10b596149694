import { useMemo } from 'react'
import type { Page, Pin } from '../../../protocol/api'
import { LIMITS } from '../../../protocol/limits'
import { useResource } from '../../lib/use-resource'
import { pinImage } from '../pins/pins-api'

/** The brand's own pins (the newest page of them): for pickers, filters and thumbnails. */
export function useOwnPins() {
  const resource = useResource<Page<Pin>>(`/v5/pins?page_size=${LIMITS.page.maxSize}`)
  const pins = useMemo(() => resource.data?.items ?? [], [resource.data])
  const byId = useMemo(() => new Map(pins.map((p) => [p.id, p])), [pins])
  return { pins, byId, status: resource.status, error: resource.error }
}

/** A pin's name in a list: its title, else its description's start, else its date. */
export function pinLabel(pin: Pin): string {
  const text = pin.title.trim() || pin.description.trim()
  if (text) return text.length > 60 ? `${text.slice(0, 57)}…` : text
  return `Pin of ${new Date(pin.created_at).toLocaleDateString()}`
}

/** A small square picture of a pin (or its colour while there is none). */
export function PinThumb({ pin, size = 56 }: { pin: Pin | undefined; size?: number }) {
  const image = pin ? pinImage(pin, '150x150') : undefined
  return (
    <span
      className="pin-thumb"
      style={{ width: size, height: size, background: pin?.dominant_color }}
      aria-hidden="true"
    >
      {image && <img src={image.url} alt="" width={size} height={size} loading="lazy" />}
    </span>
  )
}
