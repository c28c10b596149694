import { Ban, Globe, MoreHorizontal, Plus, UserX } from 'lucide-react'
import { useState } from 'react'
import { Outlet, useOutletContext, useParams } from 'react-router-dom'
import type { Account, Board, Pin } from '../../../protocol/api'
import { NotFoundPage } from '../../app/not-found-page'
import { useSession } from '../../app/session'
import { api, messageOf } from '../../lib/api'
import { usePagedList } from '../../lib/use-paged-list'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useResource } from '../../lib/use-resource'
import { Avatar } from '../../ui/avatar'
import { Button, ButtonLink } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { Dialog } from '../../ui/dialog'
import { LoadMoreOf } from '../../ui/load-more'
import { Menu } from '../../ui/menu'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { Tabs } from '../../ui/tabs'
import { useToast } from '../../ui/toast'
import { BoardCard } from '../boards/board-card'
import { CreateBoardForm } from '../boards/create-board-form'
import { PinGrid } from '../pins/pin-grid'
import { FollowButton } from './follow-button'
import { MessageButton } from './message-button'
import { SendButton } from '../messages/share-sheet'
import { useReportItem } from '../moderation/report-menu'
import { PeopleDialog } from './people-dialog'
import './profile.css'

interface ProfileOutlet {
  profile: Account
  isMe: boolean
}

function displayHost(url: string): string {
  try {
    return new URL(url).host.replace(/^www\./, '')
  } catch {
    return url
  }
}

/** A person's page: who they are, follow / block, and their pins and boards in tabs. */
export function ProfilePage() {
  const { username = '' } = useParams()
  const { account } = useSession()
  const toast = useToast()
  const profile = useResource<Account>(`/v5/users/${encodeURIComponent(username)}`)
  useDocumentTitle(profile.data ? profile.data.business_name || profile.data.username : null)
  const [people, setPeople] = useState<'followers' | 'following' | null>(null)
  const [blocking, setBlocking] = useState(false)
  const report = useReportItem({ type: 'user', id: profile.data?.id ?? '' })

  if (profile.notFound) return <NotFoundPage />
  if (profile.status === 'error') {
    return <ErrorState message={profile.error} onRetry={profile.reload} />
  }
  const user = profile.data
  if (!user) return <Spinner label="Loading profile" />
  const isMe = account?.username === user.username
  const name = user.business_name || user.username

  const setBlocked = async (blocked: boolean) => {
    await api(`/v5/users/${encodeURIComponent(user.username)}/block`, {
      method: blocked ? 'POST' : 'DELETE',
    })
    setBlocking(false)
    toast.show(blocked ? `You blocked ${user.username}` : `You unblocked ${user.username}`)
    profile.reload()
  }

  return (
    <div className="page page-wide">
      <header className="profile-header">
        <Avatar username={user.username} src={user.profile_image} size={120} />
        <h1>{name}</h1>
        <p className="profile-handle">
          @{user.username}
          {user.account_type === 'BUSINESS' && <span className="badge">Brand</span>}
          {user.follows_you && <span className="badge badge-soft">Follows you</span>}
        </p>
        {user.about && <p className="profile-about">{user.about}</p>}
        {user.website_url && (
          <a
            className="profile-website"
            href={user.website_url}
            target="_blank"
            rel="noopener noreferrer nofollow"
          >
            <Globe size={16} aria-hidden="true" />
            {displayHost(user.website_url)}
          </a>
        )}
        <p className="profile-counts">
          <button type="button" className="link-button" onClick={() => setPeople('followers')}>
            <strong>{user.follower_count}</strong>{' '}
            {user.follower_count === 1 ? 'follower' : 'followers'}
          </button>
          <span aria-hidden="true">·</span>
          <button type="button" className="link-button" onClick={() => setPeople('following')}>
            <strong>{user.following_count}</strong> following
          </button>
        </p>
        <div className="profile-actions">
          {isMe ? (
            <ButtonLink to="/settings">Edit profile</ButtonLink>
          ) : !account ? (
            <ButtonLink
              to="/signup"
              state={{ from: `/u/${user.username}` }}
              variant="primary"
              size="lg"
            >
              Follow
            </ButtonLink>
          ) : user.is_blocked ? (
            <Button
              onClick={() =>
                setBlocked(false).catch((e: unknown) => toast.show(messageOf(e), { tone: 'error' }))
              }
            >
              Unblock
            </Button>
          ) : (
            <>
              <FollowButton
                size="lg"
                username={user.username}
                following={user.is_following ?? false}
                onChange={(following) =>
                  profile.setData((a) => ({
                    ...a,
                    is_following: following,
                    follower_count: a.follower_count + (following ? 1 : -1),
                  }))
                }
              />
              <MessageButton
                user={user}
                onFollowed={() =>
                  profile.setData((a) => ({
                    ...a,
                    is_following: true,
                    follower_count: a.follower_count + (a.is_following ? 0 : 1),
                  }))
                }
              />
              <SendButton attachment={{ type: 'user', id: user.id }} noun="profile" size="md" />
              <Menu
                label={`More options for ${user.username}`}
                triggerClassName="icon-btn icon-btn-light icon-btn-lg"
                trigger={<MoreHorizontal size={22} aria-hidden="true" />}
                items={[
                  report.item,
                  {
                    label: `Block ${user.username}`,
                    icon: <Ban size={18} />,
                    danger: true,
                    onSelect: () => setBlocking(true),
                  },
                ]}
              />
            </>
          )}
        </div>
      </header>

      {user.is_blocked ? (
        <EmptyState icon={<UserX size={28} />} title={`You blocked ${user.username}`}>
          You will not see each other's pins, and neither of you can follow or message the other.
        </EmptyState>
      ) : (
        <>
          <Tabs
            label="Profile sections"
            tabs={[
              { label: 'Created', to: `/u/${user.username}`, end: true },
              { label: 'Boards', to: `/u/${user.username}/boards` },
            ]}
          />
          <Outlet context={{ profile: user, isMe } satisfies ProfileOutlet} />
        </>
      )}

      {people && (
        <PeopleDialog
          key={people}
          username={user.username}
          kind={people}
          onClose={() => setPeople(null)}
        />
      )}
      {report.dialog}
      <ConfirmDialog
        open={blocking}
        title={`Block ${user.username}?`}
        confirmLabel="Block"
        onClose={() => setBlocking(false)}
        onConfirm={() => setBlocked(true)}
      >
        You will stop following each other, and neither of you will see the other's pins or be able
        to message. They are not told.
      </ConfirmDialog>
    </div>
  )
}

export function ProfilePins() {
  const { profile, isMe } = useOutletContext<ProfileOutlet>()
  const pins = usePagedList<Pin>(`/v5/users/${encodeURIComponent(profile.username)}/pins`)
  return (
    <PinGrid
      list={pins}
      label={`Pins by ${profile.username}`}
      empty={
        isMe ? (
          <EmptyState
            title="Nothing to show yet"
            action={
              <ButtonLink to="/pin-builder" variant="primary" icon={<Plus size={18} />}>
                Create a pin
              </ButtonLink>
            }
          >
            Pins you create will live here.
          </EmptyState>
        ) : (
          <EmptyState title={`${profile.username} has not created any pins yet`} />
        )
      }
    />
  )
}

export function ProfileBoards() {
  const { profile, isMe } = useOutletContext<ProfileOutlet>()
  const boards = usePagedList<Board>(`/v5/users/${encodeURIComponent(profile.username)}/boards`)
  const [creating, setCreating] = useState(false)

  const createButton = isMe && (
    <Button variant="primary" icon={<Plus size={18} />} onClick={() => setCreating(true)}>
      Create board
    </Button>
  )

  return (
    <>
      {isMe && boards.items.length > 0 && (
        <div className="row-end boards-toolbar">{createButton}</div>
      )}
      {boards.status === 'loading' && <Spinner label="Loading boards" />}
      {boards.status === 'error' && <ErrorState message={boards.error} onRetry={boards.reload} />}
      {boards.status === 'ready' && boards.items.length === 0 && (
        <EmptyState title={isMe ? 'Make your first board' : 'No boards yet'} action={createButton}>
          {isMe ? 'Boards keep your pins organised: recipes, trips, a room to redo.' : null}
        </EmptyState>
      )}
      <div className="board-grid">
        {boards.items.map((board) => (
          <BoardCard key={board.id} board={board} />
        ))}
      </div>
      <LoadMoreOf list={boards} />
      {isMe && (
        <Dialog open={creating} onClose={() => setCreating(false)} title="Create board" size="sm">
          <CreateBoardForm
            onCreated={(board) => {
              boards.setItems((items) => [board, ...items])
              setCreating(false)
            }}
            onCancel={() => setCreating(false)}
          />
        </Dialog>
      )}
    </>
  )
}
