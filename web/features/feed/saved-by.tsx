import { Users } from 'lucide-react'
import { Fragment } from 'react'
import { Link } from 'react-router-dom'
import type { SavedBy } from '../../../protocol/api'
import './feed.css'

/** Height of the "Saved by …" line, as the masonry grid estimates it. */
export const SAVED_BY_HEIGHT = 22

/** The names a "Saved by" line shows: the viewer as "You", at most two, then "N others". */
export function savedByNames(
  savedBy: SavedBy,
  viewer: string,
): { names: string[]; others: number } {
  const all = savedBy.users.map((u) => u.username)
  const shown = savedBy.count === 2 && all.length === 2 ? all : all.slice(0, 1)
  return {
    names: shown.map((name) => (name === viewer ? 'You' : name)),
    others: Math.max(0, savedBy.count - shown.length),
  }
}

/** "Saved by ben and 2 others": who of the viewer's network saved a home-feed card's pin. */
export function SavedByLine({ savedBy, viewer }: { savedBy: SavedBy; viewer: string }) {
  if (savedBy.count === 0) return null
  const { names, others } = savedByNames(savedBy, viewer)
  const everyone = savedBy.users.map((u) => (u.username === viewer ? 'You' : u.username))
  return (
    <p className="saved-by" title={`Saved by ${everyone.join(', ')}${others > 1 ? ' …' : ''}`}>
      <Users size={14} aria-hidden="true" />
      <span>
        Saved by{' '}
        {names.map((name, i) => (
          <Fragment key={name}>
            {i > 0 && ' and '}
            {name === 'You' ? (
              <strong>You</strong>
            ) : (
              <Link to={`/u/${name}`} className="saved-by-name">
                {name}
              </Link>
            )}
          </Fragment>
        ))}
        {others > 0 && ` and ${others} ${others === 1 ? 'other' : 'others'}`}
      </span>
    </p>
  )
}
