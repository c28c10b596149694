import { AlertCircle, ArrowLeft, Info, LayoutGrid, Maximize2, RotateCw } from 'lucide-react'
import { Fragment, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { Link } from 'react-router-dom'
import type { Pin } from '../../../protocol/api'
import type { Conversation, Message } from '../../../protocol/messages'
import { useAccount } from '../../app/session'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Avatar } from '../../ui/avatar'
import { Button, IconButton } from '../../ui/button'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { pinImage } from '../pins/pins-api'
import { AttachmentCard } from './attachment-card'
import { Composer } from './composer'
import { ConversationPinsDialog } from './conversation-pins'
import { GroupDetailsDialog } from './group-details'
import { ConversationAvatar } from './inbox'
import { useMessages, useMessagesStore } from './messages-context'
import { conversationPath, conversationTitle, displayName } from './messages-api'
import type { PendingMessage } from './store'

const GROUP_GAP_MS = 5 * 60_000

interface ConversationViewProps {
  conversationId: string
  /** `page`: the messages page; `panel`: inside the header's quick panel */
  variant: 'page' | 'panel'
  onBack?: () => void
  onLeft?: () => void
}

export function ConversationView({
  conversationId,
  variant,
  onBack,
  onLeft,
}: ConversationViewProps) {
  const store = useMessagesStore()
  const thread = useMessages((s) => s.threads[conversationId])
  const conversation = useMessages((s) =>
    s.inbox.conversations.find((c) => c.id === conversationId),
  )

  useEffect(() => {
    store.openThread(conversationId)
  }, [store, conversationId])

  if (thread?.notFound) {
    return (
      <div className="conversation">
        <EmptyState title="Conversation not found">
          It does not exist, or you are no longer in it.
        </EmptyState>
      </div>
    )
  }
  if (thread?.status === 'error' && thread.messages.length === 0) {
    return (
      <div className="conversation">
        <ErrorState message={thread.error} onRetry={() => store.openThread(conversationId)} />
      </div>
    )
  }
  if (!conversation || !thread || thread.status === 'loading') {
    return (
      <div className="conversation">
        <Spinner label="Loading conversation" />
      </div>
    )
  }
  return <Loaded conversation={conversation} variant={variant} onBack={onBack} onLeft={onLeft} />
}

function Loaded({
  conversation,
  variant,
  onBack,
  onLeft,
}: {
  conversation: Conversation
  variant: 'page' | 'panel'
  onBack?: () => void
  onLeft?: () => void
}) {
  const me = useAccount().username
  const id = conversation.id
  const title = conversationTitle(conversation, me)
  const others = conversation.participants.filter((p) => p.username !== me)
  const [details, setDetails] = useState(false)
  const [pins, setPins] = useState(false)
  useDocumentTitle(variant === 'page' ? title : undefined)

  return (
    <div className={`conversation conversation-${variant}`}>
      <header className="conversation-header">
        {onBack && (
          <IconButton label="Back to conversations" onClick={onBack}>
            <ArrowLeft size={22} />
          </IconButton>
        )}
        <ConversationAvatar conversation={conversation} me={me} size={36} />
        <div className="conversation-heading">
          <h2>{title}</h2>
          <small>
            {conversation.is_group
              ? `${conversation.participants.length} people`
              : others[0]
                ? `@${others[0].username}`
                : ''}
          </small>
        </div>
        <IconButton label="Pins in this conversation" onClick={() => setPins(true)}>
          <LayoutGrid size={20} />
        </IconButton>
        <IconButton label="Conversation details" onClick={() => setDetails(true)}>
          <Info size={20} />
        </IconButton>
        {variant === 'panel' && (
          <Link
            to={conversationPath(id)}
            className="icon-btn icon-btn-plain icon-btn-md"
            aria-label="Open in Messages"
            title="Open in Messages"
          >
            <Maximize2 size={18} aria-hidden="true" />
          </Link>
        )}
      </header>
      <MessageList conversation={conversation} />
      <TypingLine conversationId={id} conversation={conversation} />
      <Composer conversationId={id} />
      <GroupDetailsDialog
        open={details}
        conversation={conversation}
        onClose={() => setDetails(false)}
        onLeft={() => {
          setDetails(false)
          onLeft?.()
        }}
      />
      <ConversationPinsDialog open={pins} conversationId={id} onClose={() => setPins(false)} />
    </div>
  )
}

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

function MessageList({ conversation }: { conversation: Conversation }) {
  const me = useAccount().username
  const store = useMessagesStore()
  const id = conversation.id
  const thread = useMessages((s) => s.threads[id])
  const pending = useMessages((s) => s.pending[id])
  const reads = useMessages((s) => s.reads[id])
  const scrollRef = useRef<HTMLDivElement>(null)
  const topRef = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const [isAtBottom, setIsAtBottom] = useState(true)
  const anchor = useRef<{ height: number; top: number } | null>(null)
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible')
  const messages = thread?.messages ?? []
  const last = messages[messages.length - 1]
  const pendingCount = pending?.length ?? 0

  // Keep the reader where they were when older messages come in above; follow new ones at the bottom.
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    if (anchor.current) {
      el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height)
      anchor.current = null
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight
    }
  }, [messages.length, last?.id, pendingCount])

  // Pictures that load late change heights, and the composer's search strip shrinks the list:
  // stay at the bottom while the reader is there.
  useEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight
    })
    observer.observe(el)
    for (const child of Array.from(el.children)) observer.observe(child)
    return () => observer.disconnect()
  }, [messages.length])

  useEffect(() => {
    const onVis = () => setVisible(document.visibilityState === 'visible')
    document.addEventListener('visibilitychange', onVis)
    return () => document.removeEventListener('visibilitychange', onVis)
  }, [])

  // Infinite scroll back.
  const hasOlder = Boolean(thread?.bookmark)
  const loadingOlder = thread?.loadingOlder ?? false
  useEffect(() => {
    const el = topRef.current
    const root = scrollRef.current
    if (!el || !root || !hasOlder || loadingOlder) return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          anchor.current = { height: root.scrollHeight, top: root.scrollTop }
          void store.loadOlder(id)
        }
      },
      { root, rootMargin: '400px 0px 0px 0px' },
    )
    observer.observe(el)
    return () => observer.disconnect()
  }, [store, id, hasOlder, loadingOlder])

  // Read markers: what is on screen while the tab is visible counts as read.
  useEffect(() => {
    if (last && isAtBottom && visible) store.markRead(id, last.seq)
  }, [store, id, last, isAtBottom, visible])

  const onScroll = () => {
    const el = scrollRef.current
    if (!el) return
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < 48
    atBottom.current = bottom
    if (bottom !== isAtBottom) setIsAtBottom(bottom)
  }

  const names = new Map(conversation.participants.map((p) => [p.username, p]))
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
    const sender = names.get(m.sender.username)
    rows.push(
      <Fragment key={m.id}>
        <div
          className={`msg-row${mine ? ' mine' : ''}${startsGroup ? ' group-start' : ''}${endsGroup ? ' group-end' : ''}`}
          data-seq={m.seq}
        >
          {!mine && (
            <span className="msg-avatar">
              {endsGroup && (
                <Avatar username={m.sender.username} src={sender?.profile_image} size={28} />
              )}
            </span>
          )}
          <div className="msg-stack">
            {startsGroup && !mine && conversation.is_group && (
              <span className="msg-sender">{sender ? displayName(sender) : m.sender.username}</span>
            )}
            {m.attachment && <AttachmentCard attachment={m.attachment} messageId={m.id} />}
            {m.text && (
              <div className="bubble" title={timeLabel(m.created_at)}>
                {m.text}
              </div>
            )}
            {endsGroup && (
              <time className="msg-time" dateTime={m.created_at}>
                {timeLabel(m.created_at)}
              </time>
            )}
          </div>
        </div>
      </Fragment>,
    )
    prev = m
  })

  // "Seen" under the newest message, when it is mine.
  let seen: string | null = null
  if (last && last.sender.username === me && reads) {
    const readers = Object.entries(reads)
      .filter(([u, seq]) => u !== me && seq >= last.seq)
      .map(([u]) => u)
    if (readers.length) {
      seen = conversation.is_group
        ? `Seen by ${readers.map((u) => (names.get(u) ? displayName(names.get(u)!) : u)).join(', ')}`
        : 'Seen'
    }
  }

  return (
    <div className="msg-scroll" ref={scrollRef} onScroll={onScroll}>
      <div ref={topRef} className="msg-top">
        {thread?.loadingOlder && (
          <span className="spinner" role="status" aria-label="Loading older messages" />
        )}
        {thread?.olderError && (
          <Button size="sm" onClick={() => void store.loadOlder(id)}>
            Could not load older messages. Try again
          </Button>
        )}
        {thread && !thread.bookmark && thread.status === 'ready' && (
          <p className="msg-beginning">
            {messages.length ? 'This is the beginning of the conversation.' : 'Say hello!'}
          </p>
        )}
      </div>
      <div className="msg-list" role="log" aria-live="polite" aria-label="Messages">
        {rows}
        {pending?.map((p) => (
          <PendingBubble key={p.client_message_id} pending={p} />
        ))}
      </div>
      {seen && !pendingCount && <p className="msg-seen">{seen}</p>}
    </div>
  )
}

function PendingBubble({ pending }: { pending: PendingMessage }) {
  const store = useMessagesStore()
  const failed = pending.status === 'failed'
  return (
    <div className={`msg-row mine group-start group-end pending${failed ? ' failed' : ''}`}>
      <div className="msg-stack">
        {pending.preview && <PendingPin pin={pending.preview} />}
        {pending.text && <div className="bubble">{pending.text}</div>}
        {failed && pending.offline ? (
          <span className="msg-status msg-failed" role="status" title={pending.error ?? undefined}>
            <AlertCircle size={14} aria-hidden="true" />
            Not sent yet: waiting for the connection
            <button
              type="button"
              className="link-button"
              onClick={() => store.retry(pending.conversation_id, pending.client_message_id)}
            >
              <RotateCw size={12} aria-hidden="true" /> Retry now
            </button>
          </span>
        ) : failed ? (
          <span className="msg-status msg-failed" role="alert">
            <AlertCircle size={14} aria-hidden="true" />
            Not sent{pending.error ? `: ${pending.error}` : ''}
            <button
              type="button"
              className="link-button"
              onClick={() => store.retry(pending.conversation_id, pending.client_message_id)}
            >
              <RotateCw size={12} aria-hidden="true" /> Retry
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => store.discard(pending.conversation_id, pending.client_message_id)}
            >
              Delete
            </button>
          </span>
        ) : (
          <span className="msg-status">Sending…</span>
        )}
      </div>
    </div>
  )
}

/** A pin on its way: its picture and title, until the server's live card replaces it. */
function PendingPin({ pin }: { pin: Pin }) {
  const image = pinImage(pin, '600x')
  // Shaped as the live card will be, so nothing jumps when it arrives.
  const ratio = image?.width ? Math.min(Math.max(image.height / image.width, 0.6), 1.5) : 1
  return (
    <div className="msg-card msg-pin-card msg-pin-pending">
      <div
        className="msg-pin-media"
        style={{ backgroundColor: pin.dominant_color, aspectRatio: `1 / ${ratio}` }}
      >
        {image && <img src={image.url} alt={pin.alt_text || pin.title || ''} />}
      </div>
      {pin.title && <p className="msg-pin-body msg-pin-title">{pin.title}</p>}
    </div>
  )
}

function TypingLine({
  conversationId,
  conversation,
}: {
  conversationId: string
  conversation: Conversation
}) {
  const typing = useMessages((s) => s.typing[conversationId])
  const [now, setNow] = useState(() => Date.now())
  const active = Object.entries(typing ?? {}).filter(([, until]) => until > now)
  const any = active.length > 0
  useEffect(() => {
    if (!any) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [any])
  const names = active.map(([u]) => {
    const p = conversation.participants.find((x) => x.username === u)
    return p ? displayName(p) : u
  })
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? `${names[0]} is typing…`
        : names.length === 2
          ? `${names[0]} and ${names[1]} are typing…`
          : 'Several people are typing…'
  return (
    <div className="typing-line" aria-live="polite">
      {text && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {text}
        </>
      )}
    </div>
  )
}
