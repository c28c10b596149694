import type { Pin } from '../../../protocol/api'
import type { pinImage } from './pins-api'

/** A pin's picture in a card, loaded when it nears the screen; alt text falls back to the title. */
export function PinPicture({
  pin,
  image,
}: {
  pin: Pin
  image: NonNullable<ReturnType<typeof pinImage>>
}) {
  return (
    <img
      src={image.url}
      alt={pin.alt_text || pin.title || ''}
      width={image.width}
      height={image.height}
      loading="lazy"
      decoding="async"
    />
  )
}
