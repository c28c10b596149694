import { BellOff, Mail, MessageCircle, PenSquare } from 'lucide-react'
import { useEffect, useState } from 'react'
import type { Conversation } from '../../../protocol/messages'
import { useAccount } from '../../app/session'
import { Avatar } from '../../ui/avatar'
import { Button, IconButton } from '../../ui/button'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { InviteDialog } from './invite-dialog'
import { useMessages, useMessagesStore } from './messages-context'
import { conversationTitle, displayName, previewOf, relativeTime, activityOf } from './messages-api'

/** Up to two overlapping avatars of the other people in a conversation. */
export function ConversationAvatar({
  conversation,
  me,
  size = 48,
}: {
  conversation: Conversation
  me: string
  size?: number
}) {
  const others = conversation.participants.filter((p) => p.username !== me)
  const [first, second] = others
  if (!first) return <Avatar username={me} size={size} />
  if (!second) return <Avatar username={first.username} src={first.profile_image} size={size} />
  const small = Math.round(size * 0.64)
  return (
    <span className="group-avatar" style={{ width: size, height: size }} aria-hidden="true">
      <Avatar username={first.username} src={first.profile_image} size={small} />
      <Avatar username={second.username} src={second.profile_image} size={small} />
    </span>
  )
}

/** Re-renders every minute, so relative times stay true. */
function useMinuteTick(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

interface InboxProps {
  activeId?: string | null
  onOpen: (id: string) => void
  onNew: () => void
  compact?: boolean
}

/** The inbox: newest activity first, live. */
export function Inbox({ activeId, onOpen, onNew, compact = false }: InboxProps) {
  const me = useAccount().username
  const store = useMessagesStore()
  const inbox = useMessages((s) => s.inbox)
  const typing = useMessages((s) => s.typing)
  const now = useMinuteTick()
  const [inviting, setInviting] = useState(false)

  return (
    <section className={`inbox${compact ? ' inbox-compact' : ''}`} aria-label="Conversations">
      <header className="inbox-header">
        <h2>Messages</h2>
        <IconButton label="New message" onClick={onNew}>
          <PenSquare size={20} />
        </IconButton>
      </header>
      {inbox.status === 'loading' && <Spinner label="Loading conversations" />}
      {inbox.status === 'error' && (
        <ErrorState message={inbox.error} onRetry={() => void store.loadInbox()} />
      )}
      {inbox.status === 'ready' && inbox.conversations.length === 0 && (
        <EmptyState
          icon={<MessageCircle size={28} />}
          title="No messages yet"
          action={
            <span className="empty-actions">
              <Button variant="primary" onClick={onNew}>
                New message
              </Button>
              <Button
                icon={<Mail size={16} aria-hidden="true" />}
                onClick={() => setInviting(true)}
              >
                Invite by email
              </Button>
            </span>
          }
        >
          Message people who follow you back, or invite a friend by email: once they join, you
          follow each other.
        </EmptyState>
      )}
      <InviteDialog open={inviting} onClose={() => setInviting(false)} />
      {inbox.conversations.length > 0 && (
        <ul className="inbox-list">
          {inbox.conversations.map((c) => {
            const title = conversationTitle(c, me)
            const typers = Object.entries(typing[c.id] ?? {})
              .filter(([, until]) => until > Date.now())
              .map(([u]) => u)
            const last = c.last_message
            const sender =
              last && c.is_group
                ? last.sender.username === me
                  ? 'You: '
                  : `${last.sender.deleted ? 'Deleted account' : nameOf(c, last.sender.username)}: `
                : last && last.sender.username === me
                  ? 'You: '
                  : ''
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className={`inbox-item${c.id === activeId ? ' active' : ''}${c.unread_count > 0 ? ' unread' : ''}`}
                  aria-current={c.id === activeId ? 'true' : undefined}
                  onClick={() => onOpen(c.id)}
                >
                  <ConversationAvatar conversation={c} me={me} />
                  <span className="inbox-text">
                    <span className="inbox-top">
                      <span className="inbox-title">{title}</span>
                      {c.muted && <BellOff size={14} className="inbox-muted" aria-label="Muted" />}
                      <time className="inbox-time" dateTime={activityOf(c)}>
                        {relativeTime(activityOf(c), now)}
                      </time>
                    </span>
                    <span className="inbox-bottom">
                      <span className="inbox-preview">
                        {typers.length ? (
                          <em>typing…</em>
                        ) : (
                          <>
                            {sender}
                            {previewOf(last)}
                          </>
                        )}
                      </span>
                      {c.unread_count > 0 && (
                        <span className="unread-badge" aria-label={`${c.unread_count} unread`}>
                          {c.unread_count > 99 ? '99+' : c.unread_count}
                        </span>
                      )}
                    </span>
                  </span>
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {inbox.bookmark && (
        <div className="load-more">
          <Button size="sm" busy={inbox.loadingMore} onClick={() => void store.loadMoreInbox()}>
            Show older conversations
          </Button>
        </div>
      )}
    </section>
  )
}

function nameOf(c: Conversation, username: string): string {
  const p = c.participants.find((x) => x.username === username)
  return p ? displayName(p) : username
}
