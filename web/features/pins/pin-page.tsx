import { ArrowLeft, ArrowUpRight, Heart, MoreHorizontal, Pencil, Trash2 } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import type { Account, Board, Pin } from '../../../protocol/api'
import { useSession } from '../../app/session'
import { usePagedList } from '../../lib/use-paged-list'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useResource } from '../../lib/use-resource'
import { Avatar } from '../../ui/avatar'
import { ButtonLink, IconButton } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { Menu } from '../../ui/menu'
import { ErrorState, Spinner } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { boardPath } from '../boards/boards-api'
import { FollowButton } from '../profile/follow-button'
import { LikeButton } from './like-button'
import { PinEditDialog } from './pin-edit-dialog'
import { PinGrid } from './pin-grid'
import { deletePin, pinImage, pinPath, pinRatio, sourceUrl } from './pins-api'
import { SaveToBoard } from './save-to-board'
import { useLiveCounts } from './live-counts'
import { NotFoundPage } from '../../app/not-found-page'
import { SendButton } from '../messages/share-sheet'
import { ReportMenu } from '../moderation/report-menu'

/** The pin close-up: the picture beside everything you can do with it. */
export function PinPage() {
  const { pinId = '' } = useParams()
  const pin = useResource<Pin>(`/v5/pins/${pinId}`)

  if (pin.notFound) return <NotFoundPage />
  if (pin.status === 'error') return <ErrorState message={pin.error} onRetry={pin.reload} />
  if (!pin.data) return <Spinner label="Loading pin" />
  return (
    <PinCloseup
      key={pin.data.id}
      pin={pin.data}
      onChange={(update) => pin.setData((p) => ({ ...p, ...update }))}
    />
  )
}

interface CloseupProps {
  pin: Pin
  onChange: (update: Partial<Pin>) => void
}

function PinCloseup({ pin, onChange }: CloseupProps) {
  const navigate = useNavigate()
  const toast = useToast()
  const { account } = useSession()
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const board = useResource<Board>(`/v5/boards/${pin.board_id}`)
  const owner = useResource<Account>(`/v5/users/${encodeURIComponent(pin.board_owner.username)}`)
  const more = usePagedList<Pin>(`/v5/boards/${pin.board_id}/pins`)
  const image = pinImage(pin, '1200x')
  const isMe = account?.username === pin.board_owner.username
  useDocumentTitle(pin.title || 'Pin')
  useLiveCounts(pin.id, onChange)

  const remove = async () => {
    await deletePin(pin.id)
    toast.show('Pin deleted')
    navigate(board.data ? boardPath(board.data) : `/u/${pin.board_owner.username}`, {
      replace: true,
    })
  }

  return (
    <div className="page">
      <div className="closeup-back">
        <IconButton
          label="Back"
          onClick={() => {
            // Opened from a shared link there is nowhere to go back to: go home instead.
            const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0
            if (idx > 0) navigate(-1)
            else navigate('/')
          }}
        >
          <ArrowLeft size={24} />
        </IconButton>
      </div>
      <article className="closeup">
        <div className="closeup-media" style={{ backgroundColor: pin.dominant_color }}>
          {image && (
            <img
              src={image.url}
              alt={pin.alt_text || pin.title || ''}
              width={image.width}
              height={image.height}
              style={{ aspectRatio: `1 / ${pinRatio(pin)}` }}
            />
          )}
        </div>
        <div className="closeup-body">
          <div className="closeup-actions">
            {account ? (
              <LikeButton pin={pin} onChange={onChange} />
            ) : (
              <span className="like-button" aria-label={`${pin.like_count} likes`}>
                <Heart size={22} aria-hidden="true" />
                {pin.like_count}
              </span>
            )}
            <SendButton attachment={{ type: 'pin', id: pin.id }} noun="Pin" variant="icon" />
            {pin.is_owner && (
              <Menu
                label="More options"
                align="start"
                trigger={<MoreHorizontal size={22} aria-hidden="true" />}
                items={[
                  {
                    label: 'Edit pin',
                    icon: <Pencil size={18} />,
                    onSelect: () => setEditing(true),
                  },
                  {
                    label: 'Delete pin',
                    icon: <Trash2 size={18} />,
                    danger: true,
                    onSelect: () => setDeleting(true),
                  },
                ]}
              />
            )}
            {account && !pin.is_owner && (
              <ReportMenu target={{ type: 'pin', id: pin.id }} align="start" />
            )}
            <div className="spacer" />
            {account ? (
              <SaveToBoard pin={pin} variant="page" />
            ) : (
              <ButtonLink to="/signup" state={{ from: pinPath(pin) }} variant="primary">
                Save
              </ButtonLink>
            )}
          </div>

          {pin.link && (
            <a
              className="closeup-source"
              href={sourceUrl(pin, undefined, account !== null)}
              target="_blank"
              rel="noopener noreferrer nofollow ugc"
            >
              <ArrowUpRight size={18} aria-hidden="true" />
              <span>{pin.source_domain ?? 'Visit site'}</span>
            </a>
          )}
          {pin.title ? (
            <h1 className="closeup-title">{pin.title}</h1>
          ) : (
            <h1 className="visually-hidden">{pin.alt_text || 'Pin'}</h1>
          )}
          {pin.description && <p className="closeup-description">{pin.description}</p>}

          <div className="closeup-owner">
            <Link to={`/u/${pin.board_owner.username}`} className="owner-link">
              <Avatar
                username={pin.board_owner.username}
                src={owner.data?.profile_image}
                size={48}
              />
              <span>
                <strong>{owner.data?.business_name || pin.board_owner.username}</strong>
                <small>
                  {owner.data
                    ? `${owner.data.follower_count} ${owner.data.follower_count === 1 ? 'follower' : 'followers'}`
                    : `@${pin.board_owner.username}`}
                </small>
              </span>
            </Link>
            {account && !isMe && owner.data && (
              <FollowButton
                username={owner.data.username}
                following={owner.data.is_following ?? false}
                onChange={(following) =>
                  owner.setData((a) => ({
                    ...a,
                    is_following: following,
                    follower_count: a.follower_count + (following ? 1 : -1),
                  }))
                }
              />
            )}
          </div>

          <dl className="closeup-stats">
            {board.data && (
              <div>
                <dt>Board</dt>
                <dd>
                  <Link to={boardPath(board.data)}>{board.data.name}</Link>
                </dd>
              </div>
            )}
            <div>
              <dt>Saves</dt>
              <dd>{pin.save_count}</dd>
            </div>
            <div>
              <dt>Added</dt>
              <dd>
                <time dateTime={pin.created_at}>
                  {new Date(pin.created_at).toLocaleDateString(undefined, { dateStyle: 'medium' })}
                </time>
              </dd>
            </div>
          </dl>

          {pin.link && (
            <a
              className="btn btn-secondary btn-lg closeup-visit"
              href={sourceUrl(pin, undefined, account !== null)}
              target="_blank"
              rel="noopener noreferrer"
            >
              Visit site
              <ArrowUpRight size={18} aria-hidden="true" />
            </a>
          )}
        </div>
      </article>

      {(more.status !== 'ready' || more.items.some((p) => p.id !== pin.id)) && (
        <section className="more-section" aria-labelledby="more-heading">
          <h2 id="more-heading">More from this board</h2>
          <PinGrid list={more} exclude={pin.id} label="More from this board" empty={null} />
        </section>
      )}

      {pin.is_owner && (
        <>
          <PinEditDialog
            pin={pin}
            open={editing}
            onClose={() => setEditing(false)}
            onSaved={(updated) => {
              onChange(updated)
              toast.show('Pin updated')
            }}
            onDelete={() => {
              setEditing(false)
              setDeleting(true)
            }}
          />
          <ConfirmDialog
            open={deleting}
            title="Delete this pin?"
            confirmLabel="Delete pin"
            onConfirm={remove}
            onClose={() => setDeleting(false)}
          >
            The pin disappears from its board and from everyone's feed. This cannot be undone.
          </ConfirmDialog>
        </>
      )}
    </div>
  )
}
