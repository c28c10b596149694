import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import type { Pin } from '../../../protocol/api'
import { useSession } from '../../app/session'
import { PinPicture } from './pin-picture'
import { SaveToBoard } from './save-to-board'
import { SourceLink } from './source-link'
import { pinImage, pinPath, pinRatio, sourceUrl } from './pins-api'
import './pins.css'

/** Height of the text under a card's picture, as the masonry grid estimates it. */
export function pinCardExtra(pin: Pin): number {
  return (pin.title ? 44 : 8) + (pin.source_domain ? 20 : 0)
}

/**
 * A grid card: the picture first, a hover overlay to save, the title and source below, and
 * `footer` under them (the home feed's "Saved by …").
 */
export function PinCard({ pin, footer }: { pin: Pin; footer?: ReactNode }) {
  const { account } = useSession()
  const image = pinImage(pin, '600x')
  const label = pin.title || pin.alt_text || 'Pin'

  return (
    <article className="pin-card">
      <div
        className="pin-card-media"
        style={{ backgroundColor: pin.dominant_color, aspectRatio: `1 / ${pinRatio(pin)}` }}
      >
        <Link to={pinPath(pin)} className="pin-card-link" aria-label={label}>
          {image && <PinPicture pin={pin} image={image} />}
        </Link>
        {account && (
          <div className="pin-card-overlay">
            <SaveToBoard pin={pin} variant="overlay" />
            {pin.link && pin.source_domain && (
              <SourceLink
                className="source-chip"
                href={sourceUrl(pin)}
                domain={pin.source_domain}
              />
            )}
          </div>
        )}
      </div>
      {(pin.title || pin.source_domain || footer) && (
        <div className="pin-card-meta">
          {pin.title && (
            <Link to={pinPath(pin)} className="pin-card-title" tabIndex={-1}>
              {pin.title}
            </Link>
          )}
          {pin.source_domain && <span className="pin-card-domain">{pin.source_domain}</span>}
          {footer}
        </div>
      )}
    </article>
  )
}
