import { Plus, Users } from 'lucide-react'
import type { Pin } from '../../../protocol/api'
import { useAccount } from '../../app/session'
import { useDocumentTitle } from '../../lib/use-document-title'
import { usePagedList } from '../../lib/use-paged-list'
import { ButtonLink } from '../../ui/button'
import { EmptyState } from '../../ui/states'
import { PinGrid } from '../pins/pin-grid'

/** The home feed: pins from people and boards you follow, newest first. */
export function HomePage() {
  const account = useAccount()
  const feed = usePagedList<Pin>('/v5/feed')
  useDocumentTitle('Home')

  return (
    <div className="page page-wide">
      <h1 className="visually-hidden">Your home feed</h1>
      <PinGrid
        list={feed}
        label="Home feed"
        empty={
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
            Pins from the people and boards you follow show up here, newest first. Start by saving a
            pin of your own, or find someone through search and follow them.
          </EmptyState>
        }
      />
    </div>
  )
}
