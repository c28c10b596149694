import { Ban, Bookmark, Lock } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import type { Board, Pin, UserSummary } from '../../../protocol/api'
import type { Attachment } from '../../../protocol/messages'
import { useSession } from '../../app/session'
import { messageOf } from '../../lib/api'
import { Avatar } from '../../ui/avatar'
import { Button, ButtonLink } from '../../ui/button'
import { useToast } from '../../ui/toast'
import { boardPath, followBoard } from '../boards/boards-api'
import { LikeButton } from '../pins/like-button'
import { PinPicture } from '../pins/pin-picture'
import { pinImage, pinPath, sourceUrl } from '../pins/pins-api'
import { SaveToBoard } from '../pins/save-to-board'
import { SourceLink } from '../pins/source-link'
import { FollowButton } from '../profile/follow-button'
import { wasRemoved } from '../moderation/moderation-api'
import { usePinCounts } from './messages-context'
import { displayName } from './messages-api'
import { SendButton } from './share-sheet'
import { VoteButton } from './votes'

/** A live card for a message's attachment; "unavailable" when the reader may not see it. */
export function AttachmentCard({
  attachment,
  messageId,
}: {
  attachment: Attachment
  messageId: string | null
}) {
  switch (attachment.type) {
    case 'pin':
      return attachment.pin ? (
        <PinMessageCard pin={attachment.pin} messageId={messageId} />
      ) : (
        <Unavailable what="Pin" removed={wasRemoved(attachment)} />
      )
    case 'board':
      return attachment.board ? (
        <BoardMessageCard board={attachment.board} />
      ) : (
        <Unavailable what="board" removed={wasRemoved(attachment)} />
      )
    case 'user':
      return attachment.user ? (
        <ProfileMessageCard user={attachment.user} />
      ) : (
        <Unavailable what="profile" />
      )
  }
}

function Unavailable({ what, removed = false }: { what: string; removed?: boolean }) {
  return (
    <div className="msg-card msg-card-unavailable">
      <Ban size={18} aria-hidden="true" />
      <span>
        {removed ? `This ${what.toLowerCase()} was removed` : `This ${what} is unavailable`}
      </span>
    </div>
  )
}

function PinMessageCard({ pin: initial, messageId }: { pin: Pin; messageId: string | null }) {
  const [pin, setPin] = useState(initial)
  const live = usePinCounts(pin.id)
  const shown: Pin = live ? { ...pin, ...live } : pin
  const full = pinImage(pin, '600x')
  const ratio = full && full.width ? Math.min(Math.max(full.height / full.width, 0.6), 1.5) : 1
  const label = pin.title || pin.alt_text || 'Pin'
  const mid = messageId ?? undefined

  return (
    <article className="msg-card msg-pin-card" aria-label={`Pin: ${label}`}>
      <Link
        to={pinPath(pin)}
        className="msg-pin-media"
        style={{ backgroundColor: pin.dominant_color, aspectRatio: `1 / ${ratio}` }}
        aria-label={label}
      >
        {full && <PinPicture pin={pin} image={full} />}
      </Link>
      <div className="msg-pin-body">
        {pin.title && (
          <Link to={pinPath(pin)} className="msg-pin-title">
            {pin.title}
          </Link>
        )}
        <div className="msg-pin-meta">
          {pin.link && pin.source_domain ? (
            <SourceLink
              className="msg-pin-source"
              href={sourceUrl(pin, mid)}
              domain={pin.source_domain}
            />
          ) : (
            <span />
          )}
          <span className="msg-pin-saves" aria-label={`${shown.save_count} saves`}>
            <Bookmark size={13} aria-hidden="true" />
            {shown.save_count}
          </span>
        </div>
        <div className="msg-pin-actions">
          <SaveToBoard pin={pin} variant="page" messageId={mid} />
          <div className="msg-pin-secondary">
            <LikeButton
              pin={shown}
              messageId={mid}
              onChange={(update) => setPin((p) => ({ ...p, ...update }))}
            />
            <VoteButton pinId={pin.id} />
            <SendButton
              attachment={{ type: 'pin', id: pin.id }}
              noun="Pin"
              fromMessageId={mid}
              variant="icon"
              size="sm"
            />
          </div>
        </div>
      </div>
    </article>
  )
}

function BoardMessageCard({ board: initial }: { board: Board }) {
  const { account } = useSession()
  const toast = useToast()
  const [board, setBoard] = useState(initial)
  const [busy, setBusy] = useState(false)
  const cover = board.media?.image_cover_url ?? board.media?.pin_thumbnail_urls?.[0]
  const isOwner = account?.username === board.owner.username

  const toggle = async () => {
    const next = !board.is_following
    setBusy(true)
    setBoard((b) => ({ ...b, is_following: next }))
    try {
      await followBoard(board.id, next)
    } catch (err) {
      setBoard((b) => ({ ...b, is_following: !next }))
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <article className="msg-card msg-board-card" aria-label={`Board: ${board.name}`}>
      <Link to={boardPath(board)} className="msg-board-cover" tabIndex={-1} aria-hidden="true">
        {cover ? <img src={cover} alt="" loading="lazy" /> : <span className="msg-board-empty" />}
      </Link>
      <div className="msg-board-body">
        <strong className="msg-board-name">
          {board.name}
          {board.privacy === 'SECRET' && <Lock size={14} aria-label="Secret board" />}
        </strong>
        <small>
          by {board.owner.username} · {board.pin_count} {board.pin_count === 1 ? 'pin' : 'pins'}
        </small>
        <div className="msg-card-actions">
          {!isOwner && (
            <Button
              size="sm"
              variant={board.is_following ? 'secondary' : 'primary'}
              aria-pressed={board.is_following ?? false}
              disabled={busy}
              onClick={() => void toggle()}
            >
              {board.is_following ? 'Following' : 'Follow'}
            </Button>
          )}
          <ButtonLink size="sm" to={boardPath(board)}>
            Open
          </ButtonLink>
        </div>
      </div>
    </article>
  )
}

function ProfileMessageCard({ user: initial }: { user: UserSummary }) {
  const { account } = useSession()
  const [user, setUser] = useState(initial)
  return (
    <article className="msg-card msg-profile-card" aria-label={`Profile: ${displayName(user)}`}>
      <Link to={`/u/${user.username}`} className="msg-profile-link">
        <Avatar username={user.username} src={user.profile_image} size={48} />
        <span>
          <strong>{displayName(user)}</strong>
          <small>@{user.username}</small>
        </span>
      </Link>
      {account && account.username !== user.username && (
        <FollowButton
          size="sm"
          username={user.username}
          following={user.is_following ?? false}
          onChange={(following) => setUser((u) => ({ ...u, is_following: following }))}
        />
      )}
    </article>
  )
}
