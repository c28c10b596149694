import { Link } from 'react-router-dom'
import type { Account } from '../../../protocol/api'
import { usePagedList } from '../../lib/use-paged-list'
import { Avatar } from '../../ui/avatar'
import { Dialog } from '../../ui/dialog'
import { LoadMoreOf } from '../../ui/load-more'
import { ErrorState, Spinner } from '../../ui/states'

interface PeopleDialogProps {
  username: string
  kind: 'followers' | 'following'
  onClose: () => void
}

/** Who follows someone, or whom they follow. */
export function PeopleDialog({ username, kind, onClose }: PeopleDialogProps) {
  const people = usePagedList<Account>(`/v5/users/${encodeURIComponent(username)}/${kind}`, 50)
  return (
    <Dialog
      open
      onClose={onClose}
      title={kind === 'followers' ? 'Followers' : 'Following'}
      size="sm"
    >
      {people.status === 'loading' && <Spinner />}
      {people.status === 'error' && <ErrorState message={people.error} onRetry={people.reload} />}
      {people.status === 'ready' && people.items.length === 0 && (
        <p className="muted center">
          {kind === 'followers' ? 'No followers yet.' : 'Not following anyone yet.'}
        </p>
      )}
      <ul className="people-list">
        {people.items.map((person) => (
          <li key={person.id}>
            <Link to={`/u/${person.username}`} onClick={onClose} className="person">
              <Avatar username={person.username} src={person.profile_image} size={44} />
              <span>
                <strong>{person.business_name || person.username}</strong>
                <small>@{person.username}</small>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <LoadMoreOf list={people} />
    </Dialog>
  )
}
