import { Fragment, type ReactNode } from 'react'
import type { UserSummary } from '../../../protocol/api'
import type { Conversation, Message } from '../../../protocol/messages'
import { Avatar } from '../../ui/avatar'
import { AttachmentCard } from './attachment-card'
import { MessageActions } from './message-actions'
import { MessageCredit } from './message-credit'
import { editedAt, isRemoved, replyOf } from './message-beyond'
import { displayName } from './messages-api'
import { ReactionBar } from './reaction-bar'
import { ReplyQuote } from './reply-quote'
import { ThankYouBanner } from './thank-you-banner'

const GROUP_GAP_MS = 5 * 60_000

function dayLabel(iso: string): string {
  const d = new Date(iso)
  const today = new Date()
  const yesterday = new Date()
  yesterday.setDate(today.getDate() - 1)
  if (d.toDateString() === today.toDateString()) return 'Today'
  if (d.toDateString() === yesterday.toDateString()) return 'Yesterday'
  return d.toLocaleDateString(undefined, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(d.getFullYear() !== today.getFullYear() ? { year: 'numeric' } : {}),
  })
}

function timeLabel(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })
}

/**
 * The rows of a thread: a separator at each new day, and messages grouped by sender while
 * they follow each other within a few minutes (avatar and time once, at the group's end).
 */
export function messageRows(
  messages: Message[],
  conversation: Conversation,
  names: Map<string, UserSummary>,
  me: string,
  /** the message to light up (a reply's quote was pressed) */
  highlight: string | null = null,
): ReactNode[] {
  const rows: ReactNode[] = []
  let prev: Message | null = null
  messages.forEach((m, i) => {
    const next = messages[i + 1]
    const newDay =
      !prev || new Date(prev.created_at).toDateString() !== new Date(m.created_at).toDateString()
    if (newDay) {
      rows.push(
        <div key={`day-${m.id}`} className="day-separator" role="separator">
          <span>{dayLabel(m.created_at)}</span>
        </div>,
      )
    }
    const startsGroup =
      newDay ||
      !prev ||
      prev.sender.username !== m.sender.username ||
      Date.parse(m.created_at) - Date.parse(prev.created_at) > GROUP_GAP_MS
    const endsGroup =
      !next ||
      next.sender.username !== m.sender.username ||
      Date.parse(next.created_at) - Date.parse(m.created_at) > GROUP_GAP_MS ||
      new Date(next.created_at).toDateString() !== new Date(m.created_at).toDateString()
    const mine = m.sender.username === me
    const removed = isRemoved(m)
    const reply = replyOf(m)
    const sender = names.get(m.sender.username)
    const senderName = m.sender.deleted
      ? 'Deleted account'
      : sender
        ? displayName(sender)
        : m.sender.username
    rows.push(
      <Fragment key={m.id}>
        <div
          className={`msg-row${mine ? ' mine' : ''}${startsGroup ? ' group-start' : ''}${endsGroup ? ' group-end' : ''}${highlight === m.id ? ' msg-highlight' : ''}`}
          data-seq={m.seq}
          data-message-id={m.id}
          tabIndex={-1}
        >
          {mine && !removed && <MessageActions message={m} me={me} />}
          {!mine && (
            <span className="msg-avatar">
              {endsGroup && (
                <Avatar
                  username={m.sender.deleted ? 'Deleted account' : m.sender.username}
                  src={m.sender.deleted ? null : sender?.profile_image}
                  size={28}
                />
              )}
            </span>
          )}
          <div className="msg-stack">
            {startsGroup && !mine && (conversation.is_group || m.sender.deleted) && (
              <span className="msg-sender">{senderName}</span>
            )}
            {reply && !removed && <ReplyQuote reply={reply} conversationId={m.conversation_id} />}
            {removed && <div className="bubble bubble-unsent">Message removed</div>}
            {m.attachment && <AttachmentCard attachment={m.attachment} messageId={m.id} />}
            {mine && <MessageCredit savedBy={m.saved_by} names={names} />}
            {m.text && (
              <div className="bubble" title={timeLabel(m.created_at)}>
                {m.text}
              </div>
            )}
            {editedAt(m) && !removed && <span className="msg-edited">edited</span>}
            {!removed && <ReactionBar message={m} me={me} />}
            {m.promotion_id && !mine && (
              <ThankYouBanner
                conversation={conversation}
                brand={sender ? displayName(sender) : m.sender.username}
              />
            )}
            {endsGroup && (
              <time className="msg-time" dateTime={m.created_at}>
                {timeLabel(m.created_at)}
              </time>
            )}
          </div>
          {!mine && !removed && <MessageActions message={m} me={me} />}
        </div>
      </Fragment>,
    )
    prev = m
  })
  return rows
}
