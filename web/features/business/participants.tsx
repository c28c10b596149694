import { Link } from 'react-router-dom'
import type { Participant } from '../../../protocol/brands'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { displayName } from '../messages/messages-api'
import { eligibilityText, shortDate } from './business-api'
import { FollowBackButton } from './follow-back-button'
import type { useBookmarkList } from './use-bookmark-list'

type ParticipantList = ReturnType<typeof useBookmarkList<Participant>>

/** The colour of a participant's status: thanked, may be messaged, may be after a follow-back, may not. */
function toneOf(p: Participant): string {
  if (p.thanked_at) return 'done'
  if (p.can_message) return 'ok'
  if (p.reason === 'not_mutual' && p.follows_brand) return 'follow'
  return 'no'
}

function ParticipantRow({
  p,
  onFollowedBack,
}: {
  p: Participant
  onFollowedBack: (username: string) => void
}) {
  const how = p.how === 'save' ? 'Saved it' : 'Sent it in a message'
  const name = displayName(p.user)

  return (
    <li className="participant">
      <Avatar username={p.user.username} src={p.user.profile_image} size={40} />
      <span className="participant-who">
        <Link to={`/u/${p.user.username}`}>{name}</Link>
        <small>
          @{p.user.username} · {how}{' '}
          <time dateTime={p.took_part_at}>{shortDate(p.took_part_at)}</time>
        </small>
      </span>
      <span className="participant-status">
        <span className={`elig elig-${toneOf(p)}`}>{eligibilityText(p)}</span>
        {p.reason === 'not_mutual' && p.follows_brand && !p.thanked_at && (
          <FollowBackButton user={p.user} onDone={() => onFollowedBack(p.user.username)} />
        )}
      </span>
    </li>
  )
}

/** Who took part, each with whether the brand may message them now and, if not, why. */
export function ParticipantList({ list }: { list: ParticipantList }) {
  if (list.status === 'loading') return <Spinner label="Loading participants" />
  if (list.status === 'error') return <ErrorState message={list.error} onRetry={list.refresh} />
  if (list.items.length === 0) {
    return (
      <EmptyState title="Nobody yet">
        People who save or send the pin inside the promotion’s window appear here.
      </EmptyState>
    )
  }

  const followedBack = (username: string) =>
    list.update(username, (p) => ({ ...p, follows_brand: false, can_message: true, reason: null }))

  return (
    <>
      <ul className="participant-list" aria-label="Participants">
        {list.items.map((p) => (
          <ParticipantRow key={p.user.id} p={p} onFollowedBack={followedBack} />
        ))}
      </ul>
      {list.hasMore && (
        <div className="row-center">
          <Button busy={list.loadingMore} onClick={list.loadMore}>
            Show more
          </Button>
        </div>
      )}
      {list.moreError && <p className="form-error">{list.moreError}</p>}
    </>
  )
}
