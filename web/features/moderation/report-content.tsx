import { Ban, Lock } from 'lucide-react'
import { Link } from 'react-router-dom'
import type { Pin } from '../../../protocol/api'
import type { Attachment, Message } from '../../../protocol/messages'
import { Avatar } from '../../ui/avatar'
import { boardPath } from '../boards/boards-api'
import { pinImage, pinPath } from '../pins/pins-api'
import { wasRemoved, type ReportContent } from './moderation-api'
import { When } from './when'

function Gone({ what }: { what: string }) {
  return (
    <p className="report-gone">
      <Ban size={16} aria-hidden="true" />
      <span>{what}</span>
    </p>
  )
}

function PinThumb({ pin, size = 'md' }: { pin: Pin; size?: 'sm' | 'md' }) {
  const image = pinImage(pin, size === 'sm' ? '150x150' : '400x300') ?? pinImage(pin, '600x')
  const label = pin.title || pin.alt_text || 'Untitled pin'
  return (
    <Link
      to={pinPath(pin)}
      className={`report-thumb report-thumb-${size}`}
      style={{ backgroundColor: pin.dominant_color }}
      aria-label={label}
    >
      {image && <img src={image.url} alt="" loading="lazy" />}
    </Link>
  )
}

function PinContent({ pin }: { pin: Pin | null }) {
  if (!pin) return <Gone what="This pin is no longer there." />
  return (
    <div className="report-pin">
      <PinThumb pin={pin} />
      <div className="report-pin-text">
        <Link to={pinPath(pin)} className="report-pin-title">
          {pin.title || pin.alt_text || 'Untitled pin'}
        </Link>
        {pin.description && <p className="report-pin-description">{pin.description}</p>}
        {pin.link && (
          <p className="report-meta">
            Links to <span className="report-link-text">{pin.link}</span>
          </p>
        )}
        <p className="report-meta">On a board of @{pin.board_owner.username}</p>
      </div>
    </div>
  )
}

function attachmentText(attachment: Attachment): string {
  const removed = wasRemoved(attachment)
  switch (attachment.type) {
    case 'pin':
      return attachment.pin
        ? `Pin: ${attachment.pin.title || attachment.pin.alt_text || 'untitled'}`
        : removed
          ? 'A pin, since removed'
          : 'A pin (unavailable)'
    case 'board':
      return attachment.board
        ? `Board: ${attachment.board.name}`
        : removed
          ? 'A board, since removed'
          : 'A board (unavailable)'
    case 'user':
      return attachment.user ? `Profile: @${attachment.user.username}` : 'A profile (unavailable)'
  }
}

function MessageExcerpt({
  messages,
  reportedId,
  isGroup,
}: {
  messages: Message[]
  reportedId: string
  isGroup: boolean
}) {
  if (messages.length === 0) return <Gone what="The reporter can no longer see this message." />
  return (
    <div className="report-thread">
      <p className="report-meta">
        {isGroup ? 'A group conversation' : 'A one-to-one conversation'}, as the reporter saw it
      </p>
      <ol className="report-messages" aria-label="Messages around the reported one">
        {messages.map((m) => {
          const reported = m.id === reportedId
          return (
            <li
              key={m.id}
              className={`report-message${reported ? ' reported' : ''}`}
              aria-current={reported ? 'true' : undefined}
            >
              <div className="report-message-head">
                <strong>@{m.sender.username}</strong>
                <When iso={m.created_at} className="report-meta" />
                {reported && <span className="badge badge-report">Reported</span>}
              </div>
              {wasRemoved(m) ? (
                <p className="report-message-removed">This message was removed</p>
              ) : (
                <>
                  {m.text && <p className="report-message-text">{m.text}</p>}
                  {m.attachment && (
                    <p className="report-message-attachment">{attachmentText(m.attachment)}</p>
                  )}
                </>
              )}
            </li>
          )
        })}
      </ol>
    </div>
  )
}

/** The reported thing as the reporter could see it, for the moderator to judge. */
export function ReportContentView({ content }: { content: ReportContent }) {
  switch (content.type) {
    case 'pin':
      return <PinContent pin={content.pin} />
    case 'board':
      if (!content.board) return <Gone what="This board is no longer there." />
      return (
        <div className="report-board">
          <Link to={boardPath(content.board)} className="report-pin-title">
            {content.board.name}
            {content.board.privacy === 'SECRET' && (
              <Lock size={14} aria-label="Secret board" className="report-lock" />
            )}
          </Link>
          {content.board.description && (
            <p className="report-pin-description">{content.board.description}</p>
          )}
          <p className="report-meta">
            By @{content.board.owner.username} · {content.board.pin_count}{' '}
            {content.board.pin_count === 1 ? 'pin' : 'pins'}
          </p>
          {content.pins.length > 0 && (
            <ul className="report-board-pins" aria-label="Some of its pins">
              {content.pins.map((pin) => (
                <li key={pin.id}>
                  <PinThumb pin={pin} size="sm" />
                </li>
              ))}
            </ul>
          )}
        </div>
      )
    case 'user':
      return (
        <div className="report-user">
          <Avatar username={content.user.username} src={content.user.profile_image} size={56} />
          <div>
            <Link to={`/u/${content.user.username}`} className="report-pin-title">
              {content.user.business_name || content.user.username}
            </Link>
            <p className="report-meta">@{content.user.username}</p>
            {content.user.about && <p className="report-pin-description">{content.user.about}</p>}
          </div>
        </div>
      )
    case 'message':
      return (
        <MessageExcerpt
          messages={content.messages}
          reportedId={content.reported_message_id}
          isGroup={content.is_group}
        />
      )
  }
}
