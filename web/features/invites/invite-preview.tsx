import { LayoutGrid, Pin as PinIcon, UserRound } from 'lucide-react'
import type { ReactNode } from 'react'
import type { Account, Board, Pin } from '../../../protocol/api'
import type { AttachmentRef } from '../../../protocol/messages'
import { useResource } from '../../lib/use-resource'
import { Avatar } from '../../ui/avatar'
import { pinImage } from '../pins/pins-api'

/** What the invite shares, as far as a visitor who is not signed in may see it. */
export function SharedItemPreview({
  attachment,
  username,
}: {
  attachment: AttachmentRef
  /** a shared profile's username */
  username: string | null
}) {
  switch (attachment.type) {
    case 'pin':
      return <PinPreview id={attachment.id} />
    case 'board':
      return <BoardPreview id={attachment.id} />
    case 'user':
      return username ? (
        <ProfilePreview username={username} />
      ) : (
        <Hidden icon={<UserRound size={28} />} text="A profile: join to see it" />
      )
  }
}

function PinPreview({ id }: { id: string }) {
  const pin = useResource<Pin>(`/v5/pins/${encodeURIComponent(id)}`)
  if (pin.status === 'loading') return <div className="invite-item invite-item-loading" />
  if (!pin.data) return <Hidden icon={<PinIcon size={28} />} text="A Pin: join to see it" />
  const image = pinImage(pin.data, '600x')
  const label = pin.data.title || pin.data.alt_text || 'Pin'
  return (
    <figure className="invite-item" aria-label={`Pin: ${label}`}>
      <div className="invite-pin-media" style={{ backgroundColor: pin.data.dominant_color }}>
        {image && (
          <img
            src={image.url}
            alt={pin.data.alt_text || pin.data.title || ''}
            width={image.width}
            height={image.height}
          />
        )}
      </div>
      {(pin.data.title || pin.data.source_domain) && (
        <figcaption>
          {pin.data.title && <strong>{pin.data.title}</strong>}
          {pin.data.source_domain && <small>{pin.data.source_domain}</small>}
        </figcaption>
      )}
    </figure>
  )
}

function BoardPreview({ id }: { id: string }) {
  const board = useResource<Board>(`/v5/boards/${encodeURIComponent(id)}`)
  if (board.status === 'loading') return <div className="invite-item invite-item-loading" />
  if (!board.data) return <Hidden icon={<LayoutGrid size={28} />} text="A board: join to see it" />
  const { name, pin_count, owner, media } = board.data
  const thumbs = media?.pin_thumbnail_urls?.slice(0, 3) ?? []
  const cover = media?.image_cover_url ?? thumbs[0]
  return (
    <figure className="invite-item" aria-label={`Board: ${name}`}>
      <div className="invite-board-media">
        {cover ? <img src={cover} alt="" /> : <span />}
        <div>
          {thumbs.slice(1, 3).map((url) => (
            <img key={url} src={url} alt="" />
          ))}
        </div>
      </div>
      <figcaption>
        <strong>{name}</strong>
        <small>
          {pin_count} {pin_count === 1 ? 'Pin' : 'Pins'} · by {owner.username}
        </small>
      </figcaption>
    </figure>
  )
}

function ProfilePreview({ username }: { username: string }) {
  const profile = useResource<Account>(`/v5/users/${encodeURIComponent(username)}`)
  if (profile.status === 'loading') return <div className="invite-item invite-item-loading" />
  if (!profile.data)
    return <Hidden icon={<UserRound size={28} />} text="A profile: join to see it" />
  const { business_name, about, follower_count, pin_count, profile_image } = profile.data
  const name = business_name ?? username
  return (
    <figure className="invite-item invite-profile" aria-label={`Profile: ${name}`}>
      <Avatar username={username} src={profile_image} size={72} />
      <figcaption>
        <strong>{name}</strong>
        <small>
          @{username} · {follower_count} {follower_count === 1 ? 'follower' : 'followers'} ·{' '}
          {pin_count} {pin_count === 1 ? 'Pin' : 'Pins'}
        </small>
        {about && <span className="invite-profile-about">{about}</span>}
      </figcaption>
    </figure>
  )
}

function Hidden({ icon, text }: { icon: ReactNode; text: string }) {
  return (
    <div className="invite-item invite-item-hidden">
      <span aria-hidden="true">{icon}</span>
      <span>{text}</span>
    </div>
  )
}
