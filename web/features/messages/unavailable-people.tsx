import { useId, useState } from 'react'
import type { MessagingCandidate } from '../../../protocol/messages'
import { messageOf } from '../../lib/api'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { displayName } from './messages-api'
import {
  followHelps,
  followLabel,
  followPerson,
  messagingCandidate,
  reasonText,
} from './message-reasons'
import './people-reasons.css'

interface Props {
  /** people you may not message yet, and those a follow here has just enabled */
  people: MessagingCandidate[]
  /** no more can be picked */
  full: boolean
  /** a follow here changed what the server says of them */
  onChanged: (person: MessagingCandidate) => void
  onPick: (person: MessagingCandidate) => void
  /** where focus goes when the row's button goes away */
  onRefocus: () => void
}

/**
 * The people picker's second list: people named like the query whom you cannot message yet,
 * greyed, each with the reason and — when following them is the next step — a Follow button.
 * Someone a follow makes messageable is enabled in place, with an Add button.
 */
export function UnavailablePeople({ people, full, onChanged, onPick, onRefocus }: Props) {
  const titleId = useId()
  if (people.length === 0) return null
  return (
    <section className="people-unavailable" aria-labelledby={titleId}>
      <h3 id={titleId} className="people-unavailable-title">
        {people.every((p) => p.can_message) ? 'Followed just now' : 'Can’t message yet'}
      </h3>
      <ul>
        {people.map((person) => (
          <Row
            key={person.username}
            person={person}
            full={full}
            onChanged={onChanged}
            onPick={onPick}
            onRefocus={onRefocus}
          />
        ))}
      </ul>
    </section>
  )
}

function Row({
  person,
  full,
  onChanged,
  onPick,
  onRefocus,
}: Omit<Props, 'people'> & { person: MessagingCandidate }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const name = displayName(person)

  const follow = async () => {
    setBusy(true)
    setError(null)
    try {
      await followPerson(person.username)
      // What the messaging rules say now (the server's word, not a guess).
      const fresh = await messagingCandidate(person.username)
      onChanged(fresh ?? { ...person, is_following: true })
      if (!fresh?.can_message) onRefocus()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <li className={`people-unavailable-row${person.can_message ? ' enabled' : ''}`}>
      <Avatar username={person.username} src={person.profile_image} size={40} />
      <span className="people-name">
        <strong>{name}</strong>
        <small>@{person.username}</small>
        <small className="people-reason">
          {person.can_message ? 'You can message them now' : reasonText(person)}
        </small>
        {error && (
          <small className="people-unavailable-error" role="alert">
            {error}
          </small>
        )}
      </span>
      {person.can_message ? (
        <Button
          size="sm"
          variant="primary"
          aria-label={`Add ${name}`}
          disabled={full}
          // it replaces the Follow button that was just pressed: focus stays on this row
          autoFocus
          onClick={() => onPick(person)}
        >
          Add
        </Button>
      ) : followHelps(person) ? (
        <Button
          size="sm"
          variant="primary"
          busy={busy}
          aria-label={`${followLabel(person)} ${name}`}
          onClick={() => void follow()}
        >
          {followLabel(person)}
        </Button>
      ) : null}
    </li>
  )
}
