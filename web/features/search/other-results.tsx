import { LayoutGrid, Users } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import type { Board, UserSummary } from '../../../protocol/api'
import { useSession } from '../../app/session'
import { usePagedList } from '../../lib/use-paged-list'
import { Avatar } from '../../ui/avatar'
import { LoadMoreOf } from '../../ui/load-more'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { BoardCard } from '../boards/board-card'
import { displayName } from '../messages/messages-api'
import { FollowButton } from '../profile/follow-button'
import { boardSearchPath, peopleSearchPath } from './search-api'

/** The Boards tab: matching boards as a grid of collages. */
export function BoardResults({ query }: { query: string }) {
  const boards = usePagedList<Board>(boardSearchPath(query))
  if (boards.status === 'loading') return <Spinner label="Searching boards" />
  if (boards.status === 'error') {
    return (
      <ErrorState title="Could not search boards" message={boards.error} onRetry={boards.reload} />
    )
  }
  if (boards.items.length === 0) {
    return (
      <EmptyState icon={<LayoutGrid size={28} />} title={`No boards for “${query}”`}>
        Board names and descriptions are searched. Try another word.
      </EmptyState>
    )
  }
  return (
    <>
      <div className="board-grid" role="list" aria-label={`Boards for ${query}`}>
        {boards.items.map((board) => (
          <div role="listitem" key={board.id}>
            <BoardCard board={board} showOwner />
          </div>
        ))}
      </div>
      <LoadMoreOf list={boards} />
    </>
  )
}

/** The People tab: cards linking to profiles, with a follow button. */
export function PeopleResults({ query }: { query: string }) {
  const { account } = useSession()
  const people = usePagedList<UserSummary>(peopleSearchPath(query))
  if (people.status === 'loading') return <Spinner label="Searching people" />
  if (people.status === 'error') {
    return (
      <ErrorState title="Could not search people" message={people.error} onRetry={people.reload} />
    )
  }
  if (people.items.length === 0) {
    return (
      <EmptyState icon={<Users size={28} />} title={`Nobody called “${query}”`}>
        Search by username or brand name; small typos are forgiven.
      </EmptyState>
    )
  }
  return (
    <>
      <ul className="person-cards" aria-label={`People for ${query}`}>
        {people.items.map((person) => (
          <PersonCard
            key={person.id}
            person={person}
            canFollow={Boolean(account) && account?.username !== person.username}
          />
        ))}
      </ul>
      <LoadMoreOf list={people} />
    </>
  )
}

function PersonCard({ person, canFollow }: { person: UserSummary; canFollow: boolean }) {
  const [following, setFollowing] = useState(person.is_following ?? false)
  return (
    <li className="person-card">
      <Link to={`/u/${person.username}`} className="person-card-link">
        <Avatar username={person.username} src={person.profile_image} size={96} />
        <strong>{displayName(person)}</strong>
        <small>
          @{person.username}
          {person.account_type === 'BUSINESS' && <span className="badge">Brand</span>}
        </small>
      </Link>
      {canFollow && (
        <FollowButton
          size="sm"
          username={person.username}
          following={following}
          onChange={setFollowing}
        />
      )}
    </li>
  )
}
