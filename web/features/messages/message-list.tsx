import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { Conversation } from '../../../protocol/messages'
import { useAccount } from '../../app/session'
import { Button } from '../../ui/button'
import { useMessages, useMessagesStore } from './messages-context'
import { displayName } from './messages-api'
import { messageRows } from './message-rows'
import { PendingBubble } from './pending-bubble'

/**
 * The scrolling thread: follows new messages at the bottom, loads older ones as the reader
 * scrolls up (keeping their place), and marks what is on screen as read.
 */
export function MessageList({ conversation }: { conversation: Conversation }) {
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
  const jump = thread?.jump ?? null
  const [highlight, setHighlight] = useState<string | null>(null)

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

  // A reply's quote pressed: the original (now loaded) comes into view, lit up, and takes focus.
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!jump || !el) return
    const row = el.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(jump.id)}"]`)
    if (!row) return
    atBottom.current = false
    setIsAtBottom(false)
    row.scrollIntoView({ block: 'center' })
    row.focus({ preventScroll: true })
    setHighlight(jump.id)
    const timer = setTimeout(() => setHighlight(null), 2400)
    return () => clearTimeout(timer)
  }, [jump])

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
  const rows = messageRows(messages, conversation, names, me, highlight)

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
