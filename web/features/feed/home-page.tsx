import { Plus, Users } from 'lucide-react'
import type { FeedPin } from '../../../protocol/api'
import { useAccount } from '../../app/session'
import { useDocumentTitle } from '../../lib/use-document-title'
import { usePagedList } from '../../lib/use-paged-list'
import { ButtonLink } from '../../ui/button'
import { LoadMoreOf } from '../../ui/load-more'
import { Masonry, MasonrySkeleton } from '../../ui/masonry'
import { EmptyState, ErrorState } from '../../ui/states'
import { PinCard, pinCardExtra } from '../pins/pin-card'
import { pinRatio } from '../pins/pins-api'
import { SAVED_BY_HEIGHT, SavedByLine } from './saved-by'

const cardExtra = (pin: FeedPin) =>
  pinCardExtra(pin) + (pin.saved_by.count > 0 ? SAVED_BY_HEIGHT : 0)

/**
 * The home feed: one card per pin saved in your network (with who saved it), newest first,
 * then popular pins.
 */
export function HomePage() {
  const account = useAccount()
  const feed = usePagedList<FeedPin>('/v5/feed')
  useDocumentTitle('Home')

  let body
  if (feed.status === 'loading') body = <MasonrySkeleton />
  else if (feed.status === 'error') {
    body = <ErrorState title="Could not load pins" message={feed.error} onRetry={feed.reload} />
  } else if (feed.items.length === 0) {
    body = (
      <EmptyState
        icon={<Users size={28} />}
        title="Follow people to fill your feed"
        action={
          <>
            <ButtonLink to="/pin-builder" variant="primary" icon={<Plus size={18} />}>
              Create a pin
            </ButtonLink>
            <ButtonLink to={`/u/${account.username}`}>Your profile</ButtonLink>
          </>
        }
      >
        Pins from the people and boards you follow show up here, newest first. Start by saving a pin
        of your own, or find someone through search and follow them.
      </EmptyState>
    )
  } else {
    body = (
      <>
        <Masonry
          items={feed.items}
          label="Home feed"
          getKey={(pin) => pin.id}
          ratio={pinRatio}
          extra={cardExtra}
          render={(pin) => (
            <PinCard
              pin={pin}
              footer={
                pin.saved_by.count > 0 && (
                  <SavedByLine savedBy={pin.saved_by} viewer={account.username} />
                )
              }
            />
          )}
        />
        <LoadMoreOf list={feed} />
      </>
    )
  }

  return (
    <div className="page page-wide">
      <h1 className="visually-hidden">Your home feed</h1>
      {body}
    </div>
  )
}
