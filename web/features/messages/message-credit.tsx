import { Bookmark } from 'lucide-react'
import { Link } from 'react-router-dom'
import type { UserSummary } from '../../../protocol/api'
import type { SavedBy } from '../../../protocol/messages'
import { displayName } from './messages-api'
import './credit.css'

/** Savers named in full before the rest are counted ("and 2 others"). */
const SHOWN = 2

/**
 * Under the sender's own pin message: who saved it from the card, and to which board when the
 * sender may see it ("ben saved this to Camping"). Only the sender's view carries `saved_by`.
 */
export function MessageCredit({
  savedBy = [],
  names,
}: {
  savedBy: SavedBy[] | undefined
  /** the conversation's people, for display names */
  names: Map<string, UserSummary>
}) {
  if (savedBy.length === 0) return null
  const name = (username: string) => {
    const person = names.get(username)
    return person ? displayName(person) : username
  }
  const shown = savedBy.slice(0, SHOWN)
  const rest = savedBy.slice(SHOWN)
  const restNames = [...new Set(rest.map((s) => name(s.username)))]
  return (
    <p
      className="msg-credit"
      title={rest.length ? savedBy.map((s) => name(s.username)).join(', ') : undefined}
    >
      <Bookmark size={12} aria-hidden="true" className="msg-credit-icon" />
      <span>
        {shown.map((s, i) => (
          <span key={`${s.username}-${s.board?.id ?? ''}`}>
            {i > 0 && ' · '}
            <strong>{name(s.username)}</strong> saved this
            {s.board && (
              <>
                {' to '}
                <Link to={`/board/${s.board.id}`}>{s.board.name}</Link>
              </>
            )}
          </span>
        ))}
        {restNames.length > 0 &&
          ` · and ${restNames.length} ${restNames.length === 1 ? 'other' : 'others'}`}
      </span>
    </p>
  )
}
